/* MSHT Knowledge Hub: where the reader left off, on this device only. Each guidance page read
   is remembered (the last eight), a page can be starred, and the home page leads with
   "Continue: <the aide-memoire of the current encounter>, 3 of 13 ticked", then the pages
   read lately and the starred ones. Nothing leaves the device (localStorage). */
(function () {
  "use strict";

  var RECENT = "msht-hub.recent", STARRED = "msht-hub.starred", KEEP = 8;
  var hub = window.mshtHub;

  function read(key) {
    try { var value = JSON.parse(window.localStorage.getItem(key)); return Array.isArray(value) ? value : []; } catch (e) { return []; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: not remembered */ }
  }

  function here() {
    var title = document.querySelector("[data-hub-star]") && document.querySelector(".hub-doc-header h1");
    return title ? { url: window.location.pathname, title: title.textContent.trim() } : null;
  }

  function remember() {
    var page = here();
    if (!page) { return; }
    var recent = read(RECENT).filter(function (item) { return item.url !== page.url; });
    recent.unshift(page);
    write(RECENT, recent.slice(0, KEEP));
  }

  function showStar() {
    var button = document.querySelector("[data-hub-star]");
    var page = here();
    if (!button || !page) { return; }
    var starred = read(STARRED).some(function (item) { return item.url === page.url; });
    button.setAttribute("aria-pressed", starred ? "true" : "false");
    button.querySelector("[data-hub-star-label]").textContent = starred ? "Starred" : "Star";
  }

  function fill(list, items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      hub.setAddress(a, "href", item.url);
      a.textContent = item.title;
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  /* The home page: Continue (the page of the current encounter ticked most lately), then
     recently viewed (not repeating it) and starred pages. */
  function showHome() {
    var box = document.querySelector("[data-hub-continue]");
    if (!box) { return; }
    var encounter = hub.encounter ? hub.encounter.load() : null;
    var latest = null;
    Object.keys((encounter && encounter.pages) || {}).forEach(function (url) {
      var page = encounter.pages[url];
      var ticks = Object.keys(page.ticks || {}).map(function (n) { return page.ticks[n].at; }).sort();
      if (ticks.length && (!latest || ticks[ticks.length - 1] > latest.at)) {
        latest = { url: url, title: page.title, at: ticks[ticks.length - 1], ticked: ticks.length, total: page.total };
      }
    });
    box.hidden = !latest;
    if (latest) {
      hub.setAddress(box.querySelector("[data-hub-continue-link]"), "href", latest.url);
      box.querySelector("[data-hub-continue-text]").textContent = latest.title + ", " + latest.ticked + " of " + latest.total + " ticked";
    }
    var recent = read(RECENT).filter(function (item) { return !latest || item.url !== latest.url; }).slice(0, 3);
    var starred = read(STARRED);
    [["[data-hub-recent]", recent], ["[data-hub-starred]", starred]].forEach(function (pair) {
      var section = document.querySelector(pair[0]);
      if (!section) { return; }
      section.hidden = !pair[1].length;
      fill(section.querySelector("ul"), pair[1]);
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest("[data-hub-star]");
    var page = here();
    if (!button || !page) { return; }
    var starred = read(STARRED);
    var without = starred.filter(function (item) { return item.url !== page.url; });
    write(STARRED, without.length === starred.length ? [page].concat(starred) : without);
    showStar();
  });

  hub.onEveryPage(function () { remember(); showStar(); showHome(); });
})();
