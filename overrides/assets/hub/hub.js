/* MSHT Knowledge Hub: small progressive enhancements. Every page works without them. */
(function () {
  "use strict";

  var LABELS = { current: "Current", "due-soon": "Review due soon", overdue: "Review overdue" };

  function isoToday() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function addDays(iso, days) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  /* The review state is rendered at build time; re-evaluate it with today's date so that a
     page turns "overdue" on the day it lapses, even if nobody rebuilds the site. */
  function refreshReviewStates() {
    var today = isoToday();
    document.querySelectorAll("[data-review-due]").forEach(function (panel) {
      var due = panel.getAttribute("data-review-due");
      var soon = parseInt(panel.getAttribute("data-review-soon-days") || "30", 10);
      var state = due < today ? "overdue" : (due <= addDays(today, soon) ? "due-soon" : "current");
      if (panel.hasAttribute("data-hub-overdue-banner")) { panel.hidden = state !== "overdue"; }
      panel.querySelectorAll("[data-review-state]").forEach(function (badge) {
        badge.setAttribute("data-review-state", state);
        badge.className = "hub-review hub-review--" + state;
        badge.textContent = LABELS[state];
      });
    });
  }

  /* Run a function on every page: once the document is ready, and again whenever
     Material swaps in a page without a reload. The hub's other scripts use it too. */
  function onEveryPage(run) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(run);
    }
  }

  /* A form's state in the address: every ticked box, chosen radio and non-empty text field
     as a query parameter, so a filtered view can be bookmarked and shared. */
  function writeQuery(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "reset" || field.type === "button") { return; }
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) { return; }
      if (field.value.trim()) { params.append(field.name, field.value.trim()); }
    });
    var query = params.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (e) { /* some file:// contexts refuse; the form still works */ }
  }

  function readQuery(form) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) { return; }
      var values = params.getAll(field.name);
      if (field.type === "checkbox") {
        field.checked = values.indexOf(field.value) >= 0;
      } else if (field.type === "radio") {
        field.checked = field.value === (values[0] || "");
      } else if (field.type !== "submit" && field.type !== "reset" && field.type !== "button") {
        field.value = values[0] || "";
      }
    });
  }

  /* Printed pages show where each link goes: keep its full address for the print style. */
  function markLinksForPrint() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (href && href.charAt(0) !== "#" && !link.classList.contains("headerlink") && link.textContent.trim()) {
        link.setAttribute("data-print-href", link.href);
      }
    });
  }

  /* The filters a form has chosen, for the "Filters (n)" control and for the advice shown
     when they leave nothing: {count: n, text: "Theme: Victim safeguarding; Year: since 2020"}. */
  function describeFilters(form) {
    var parts = [], count = 0;
    form.querySelectorAll("fieldset").forEach(function (set) {
      var chosen = [];
      set.querySelectorAll("input:checked").forEach(function (box) {
        if (!box.value) { return; }
        var label = box.closest("label");
        var text = "";
        (label ? label.childNodes : []).forEach(function (node) { if (node.nodeType === 3) { text += node.textContent; } });
        chosen.push(text.trim());
      });
      if (chosen.length) {
        count += chosen.length;
        parts.push(set.querySelector("legend").textContent.trim() + ": " + chosen.join(", "));
      }
    });
    return { count: count, text: parts.join("; ") };
  }

  function showFilters(form) {
    var chosen = describeFilters(form);
    document.querySelectorAll("[data-hub-filter-count]").forEach(function (badge) {
      badge.textContent = chosen.count ? "(" + chosen.count + ")" : "";
    });
    document.querySelectorAll("[data-hub-filters-active]").forEach(function (line) {
      line.textContent = chosen.text;
    });
    document.querySelectorAll("[data-hub-filters-clear]").forEach(function (button) {
      button.hidden = !chosen.count;
    });
    document.querySelectorAll(".hub-filters-active").forEach(function (line) { line.hidden = !chosen.count; });
    return chosen;
  }

  /* "Copy link to this view": the address, filters included, onto the clipboard; where the
     clipboard is refused (file://, older browsers) the link is shown selected instead. */
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest("[data-hub-copy-link]");
    if (!button) { return; }
    var done = button.parentNode.querySelector("[data-hub-copy-done]");
    var link = window.location.href;
    var shown = function () {
      var field = button.parentNode.querySelector("[data-hub-copy-field]");
      field.value = link;
      field.hidden = false;
      field.select();
      done.textContent = "Copy the link above.";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () { done.textContent = "Link copied."; }, shown);
    } else {
      shown();
    }
  });

  /* Dates the British way, the same on every device: "2 December 2026", "2 Dec 2026",
     "2 December 2026, 14:05" (24-hour clock, the device's local time). */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function clock(when) { when = new Date(when); return pad2(when.getHours()) + ":" + pad2(when.getMinutes()); }
  function britishDate(when, short) {
    when = new Date(when);
    var month = MONTHS[when.getMonth()];
    return when.getDate() + " " + (short ? month.slice(0, 3) : month) + " " + when.getFullYear();
  }
  function britishDateTime(when, short) { return britishDate(when, short) + ", " + clock(when); }
  /* An edition's name for people, from its id for machines ("20261202-8f3a..." -> "2 December 2026"). */
  function editionName(id, short) {
    var m = /^(\d{4})(\d{2})(\d{2})-/.exec(id || "");
    return m ? britishDate(new Date(+m[1], +m[2] - 1, +m[3]), short) : (id || "");
  }

  /* The one place the hub's scripts give an element an address (a link's href, a script's
     src): resolved against the page, and set only when it stays on this site: the same origin
     over http(s), a file of the same copy from file://. Anything else (javascript:, data:,
     another host) leaves the element without the attribute. Text is only ever written as
     text (textContent, createTextNode); no script of the hub parses a string as HTML
     (tests/test_text_stays_text.py holds every script to both rules). */
  function setAddress(element, attribute, address) {
    var text = String(address), url = null;
    try { url = new URL(text, document.baseURI); } catch (e) { url = null; }
    var here = window.location;
    var ours = url && (here.protocol === "file:" ? url.protocol === "file:"
                                                  : /^https?:$/.test(url.protocol) && url.origin === here.origin);
    /* the address as written (relative stays relative), which the browser resolves as judged here */
    if (ours) { element.setAttribute(attribute, text); } else { element.removeAttribute(attribute); }
    return element;
  }

  window.mshtHub = { onEveryPage: onEveryPage, writeQuery: writeQuery, readQuery: readQuery, showFilters: showFilters,
                     clock: clock, britishDate: britishDate, britishDateTime: britishDateTime, editionName: editionName,
                     setAddress: setAddress };
  onEveryPage(function () {
    document.querySelectorAll("[data-hub-js-only]:not(.hub-filters-active)").forEach(function (part) { part.hidden = false; });
  });
  /* The page keeps room below its last line for the bar fixed to the bottom of the screen. */
  onEveryPage(function () {
    var dock = document.querySelector("[data-hub-dock]");
    if (!dock) { return; }
    var room = function () { document.documentElement.style.setProperty("--hub-dock", Math.ceil(dock.getBoundingClientRect().height + 8) + "px"); };
    room();
    if (window.ResizeObserver && !dock.hubWatched) { dock.hubWatched = true; new window.ResizeObserver(room).observe(dock); }
  });
  /* The strip in the bar: which copy this is and its edition, e.g. "Online · 2 December 2026
     edition" or "Offline copy · 2 Dec 2026 · up to date" (up to date: no newer edition was
     seen the last time the device was online). */
  function showStrip() {
    var strip = document.querySelector("[data-hub-strip]");
    var line = document.querySelector("[data-hub-edition]");
    if (!strip || !line) { return; }
    var id = line.getAttribute("data-hub-edition");
    var day = line.getAttribute("data-hub-edition-date");
    day = day ? new Date(day + "T12:00:00") : null;
    var file = window.location.protocol === "file:";
    var offline = file || navigator.onLine === false;
    var latest = null;
    try { latest = (JSON.parse(window.localStorage.getItem("msht-hub.edition")) || {}).edition; } catch (e) { latest = null; }
    var named = day ? britishDate(day, offline) : editionName(id, offline);
    strip.textContent = offline
      ? "Offline copy · " + named + (file ? " · saved on this device" : (!latest || latest === id ? " · up to date" : " · a newer edition is out: reload with a signal"))
      : "Online · " + named + " edition";
    strip.setAttribute("data-state", offline ? "offline" : "online");
  }
  window.addEventListener("online", showStrip);
  window.addEventListener("offline", showStrip);
  onEveryPage(showStrip);
  onEveryPage(refreshReviewStates);
  onEveryPage(markLinksForPrint);
})();
