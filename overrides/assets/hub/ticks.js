/* MSHT Knowledge Hub: the tick boxes of an aide-memoire's action prompts. A tick is
   remembered on this device (localStorage) for this page, with the time it was made, until
   "Clear ticks". Ticks never leave the device; a printed page shows empty boxes. */
(function () {
  "use strict";

  function key() { return "msht-hub.ticks:" + window.location.pathname; }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key())) || {}; } catch (e) { return {}; }
  }
  function save(ticks) {
    try {
      if (Object.keys(ticks).length) { window.localStorage.setItem(key(), JSON.stringify(ticks)); }
      else { window.localStorage.removeItem(key()); }
    } catch (e) { /* private mode: ticks last until the page is left */ }
  }

  function clock(iso) {
    var when = new Date(iso);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(when.getHours()) + ":" + pad(when.getMinutes());
  }

  function show() {
    var boxes = document.querySelectorAll("input[data-hub-tick]");
    var bar = document.querySelector("[data-hub-ticks]");
    if (!boxes.length) { return; }
    var ticks = load();
    var times = [];
    boxes.forEach(function (box) {
      var at = ticks[box.getAttribute("data-hub-tick")];
      box.checked = !!at;
      var label = box.closest("label");
      var stamp = label && label.querySelector(".hub-ticked-at");
      if (at && label) {
        if (!stamp) {
          stamp = document.createElement("span");
          stamp.className = "hub-ticked-at";
          label.appendChild(stamp);
        }
        stamp.textContent = "ticked " + clock(at);
        times.push(at);
      } else if (stamp) {
        stamp.remove();
      }
    });
    if (bar) {
      bar.hidden = !times.length;
      times.sort();
      bar.querySelector("[data-hub-ticks-status]").textContent = times.length
        ? times.length + " of " + boxes.length + " ticked, first at " + clock(times[0]) + ". Kept on this device only."
        : "";
    }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-hub-tick")) { return; }
    var ticks = load();
    if (box.checked) { ticks[box.getAttribute("data-hub-tick")] = new Date().toISOString(); }
    else { delete ticks[box.getAttribute("data-hub-tick")]; }
    save(ticks);
    show();
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("[data-hub-ticks-clear]")) {
      save({});
      show();
    }
  });

  window.mshtHub.onEveryPage(show);
})();
