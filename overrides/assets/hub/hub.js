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

  window.mshtHub = { onEveryPage: onEveryPage, writeQuery: writeQuery, readQuery: readQuery };
  onEveryPage(refreshReviewStates);
  onEveryPage(markLinksForPrint);
})();
