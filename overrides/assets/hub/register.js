/* MSHT Knowledge Hub: the lessons register's filters. Within a facet any ticked value
   matches; across facets all must. Counts show how many lessons each choice would give
   with the other filters as they are. The filter state lives in the URL's query string, so
   a filtered view can be shared and bookmarked. */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-hub-register-form]");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    form.hidden = false;
    /* The facets are the form's (hub/partials/facets.html); a row holds its values of each in
       data-<facet>, space-separated. */
    var FACETS = Array.prototype.map.call(form.querySelectorAll("[data-hub-facet]"), function (set) { return set.getAttribute("data-hub-facet"); });
    var status = document.querySelector("[data-hub-register-status]");
    var empty = document.querySelector("[data-hub-register-empty]");
    var rows = Array.prototype.map.call(document.querySelectorAll("[data-hub-register] > li"), function (row) {
      var values = { element: row, year: parseInt(row.getAttribute("data-year"), 10), text: row.textContent.toLowerCase() };
      FACETS.forEach(function (facet) { values[facet] = (row.getAttribute("data-" + facet) || "").split(" ").filter(Boolean); });
      return values;
    });

    function state() {
      var s = { since: "", words: [] };
      FACETS.forEach(function (facet) {
        s[facet] = Array.prototype.map.call(form.querySelectorAll("input[name='" + facet + "']:checked"), function (box) { return box.value; });
      });
      var since = form.querySelector("input[name='since']:checked");
      s.since = since ? since.value : "";
      s.words = form.elements.q.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      return s;
    }

    function sinceMatches(row, since) { return !since || row.year >= parseInt(since, 10); }

    function matches(row, s, except) {
      for (var i = 0; i < FACETS.length; i++) {
        var facet = FACETS[i];
        if (facet === except || !s[facet].length) { continue; }
        if (!row[facet].some(function (value) { return s[facet].indexOf(value) >= 0; })) { return false; }
      }
      if (except !== "since" && !sinceMatches(row, s.since)) { return false; }
      return s.words.every(function (word) { return row.text.indexOf(word) >= 0; });
    }

    function render(remember) {
      var s = state();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row, s, null);
        row.element.hidden = !ok;
        if (ok) { shown += 1; }
      });
      form.querySelectorAll("[data-hub-count]").forEach(function (count) {
        var key = count.getAttribute("data-hub-count");
        var facet = key.slice(0, key.indexOf(":"));
        var value = key.slice(key.indexOf(":") + 1);
        var n = rows.filter(function (row) {
          if (!matches(row, s, facet)) { return false; }
          return facet === "since" ? sinceMatches(row, value) : row[facet].indexOf(value) >= 0;
        }).length;
        count.textContent = "(" + n + ")";
      });
      status.textContent = shown === rows.length
        ? rows.length + " lessons"
        : shown + " of " + rows.length + " lessons match";
      empty.hidden = shown > 0;
      window.mshtHub.showFilters(form);
      if (remember) { window.mshtHub.writeQuery(form); }
    }

    form.addEventListener("input", function () { render(true); });
    form.addEventListener("change", function () { render(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { render(true); }, 0); });
    document.querySelectorAll("[data-hub-filters-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        form.querySelectorAll("fieldset input").forEach(function (box) { box.checked = box.type === "radio" && !box.value; });
        render(true);
      });
    });
    window.mshtHub.readQuery(form);
    render(false);
  }

  window.mshtHub.onEveryPage(setUp); /* hub.js loads first */
})();
