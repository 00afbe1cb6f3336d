/* MSHT Knowledge Hub: search over the prebuilt, split index in search/ (see
   hooks/msht_hub/search_index.py). Loads the manifest, the shards of the query's terms,
   the facets, and the text of only the results on screen; every file is a script, so it
   works from file:// as well as over HTTP. Queries are read by the engine
   (search-engine.js), which takes every word's term from the index itself. */
(function () {
  "use strict";

  var PAGE = 10;
  /* The facets, in order, and those of one value per document (kept by position in
     facets.js; the others are masks in filters.js): the manifest's, from the build's facet
     registry (hooks/msht_hub/facets.py). Set once the manifest has loaded. */
  var FACETS = [];
  var SINGLE = {};
  var received = {};
  var waiting = {};

  /* Every index file calls this. */
  window.mshtHubSearch = {
    receive: function (name, data) {
      received[name] = data;
      (waiting[name] || []).forEach(function (waiter) { waiter.resolve(data); });
      delete waiting[name];
    }
  };

  /* One index file: a script that calls receive(). Every caller waiting for a file that
     fails to load is told so, and the next call tries again. */
  var failed = {};
  function load(root, file, name) {
    if (received[name]) { return Promise.resolve(received[name]); }
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push({ resolve: resolve, reject: reject });
      if (!first) { return; }
      var script = document.createElement("script");
      window.mshtHub.setAddress(script, "src", root + file + (failed[name] ? "?retry=" + failed[name] : ""));
      script.async = true;
      script.onerror = function () {
        var waiters = waiting[name] || [];
        delete waiting[name];
        failed[name] = (failed[name] || 0) + 1;
        script.remove();
        var error = new Error("Could not load " + file);
        waiters.forEach(function (waiter) { waiter.reject(error); });
      };
      document.head.appendChild(script);
    });
  }

  /* ---- the search page ---- */

  function selected(form) {
    var chosen = {};
    FACETS.forEach(function (facet) {
      chosen[facet] = Array.prototype.map.call(form.querySelectorAll("input[name='" + facet + "']:checked"), function (box) { return box.value; });
    });
    var since = form.querySelector("input[name='since']:checked");
    chosen.since = since && since.value ? parseInt(since.value, 10) : 0;
    return chosen;
  }

  /* A document's values of a facet as a mask of positions in the facet's values. */
  function bitsOf(facets, facet, doc) {
    var value = facets[facet][doc];
    if (!SINGLE[facet]) { return value; }
    return value < 0 ? 0 : 1 << value;
  }

  /* One pass over the matching documents: those that pass every filter, and for each facet
     value how many results (pages, as results are grouped by page) it would give with the
     other filters as they are. */
  function narrow(found, facets, labels, chosen, sinceOptions) {
    var seen = {};
    function countOnce(key, doc) {
      var page = facets.page ? facets.page[doc] : doc;
      var pages = seen[key] || (seen[key] = {});
      if (pages[page]) { return 0; }
      pages[page] = true;
      return 1;
    }
    var wanted = FACETS.map(function (facet) {
      if (!chosen[facet].length) { return -1; }
      return chosen[facet].reduce(function (mask, id) {
        var position = labels[facet].indexOf(id);
        return position < 0 ? mask : mask | (1 << position);
      }, 0);
    });
    var counts = {};
    FACETS.forEach(function (facet) { counts[facet] = new Int32Array(labels[facet].length); });
    counts.since = new Int32Array(sinceOptions.length);
    var kept = [];
    var SINCE = FACETS.length;
    found.forEach(function (doc) {
      var fails = 0;
      for (var i = 0; i < FACETS.length; i++) {
        if (wanted[i] < 0) { continue; }
        if (!(bitsOf(facets, FACETS[i], doc) & wanted[i])) { fails |= 1 << i; }
      }
      var year = facets.year[doc];
      if (chosen.since && year < chosen.since) { fails |= 1 << SINCE; }
      if (!fails) { kept.push(doc); }
      if (fails & (fails - 1)) { return; } /* fails two filters: counts for none */
      for (var f = 0; f < FACETS.length; f++) {
        if (fails && fails !== 1 << f) { continue; }
        var bits = bitsOf(facets, FACETS[f], doc);
        for (var b = 0; bits; b++, bits >>>= 1) { if (bits & 1) { counts[FACETS[f]][b] += countOnce(f + ":" + b, doc); } }
      }
      if (!fails || fails === 1 << SINCE) {
        sinceOptions.forEach(function (since, k) { if (!since || year >= since) { counts.since[k] += countOnce("since:" + k, doc); } });
      }
    });
    return { docs: kept, counts: counts };
  }

  function withFilters(facets, filters) {
    var all = {};
    Object.keys(facets).forEach(function (key) { all[key] = facets[key]; });
    Object.keys(filters).forEach(function (key) { all[key] = filters[key]; });
    return all;
  }

  function snippet(text, highlight, engine) {
    var fragment = document.createDocumentFragment();
    var tokens = text.split(/(\s+)/);
    var first = -1;
    var marks = tokens.map(function (piece, i) {
      if (!piece.trim()) { return false; }
      var hit = engine.highlights(piece, highlight);
      if (hit && first < 0) { first = i; }
      return hit;
    });
    var start = Math.max(0, first - 24);
    var end = Math.min(tokens.length, start + 60);
    if (start > 0) { fragment.appendChild(document.createTextNode("… ")); }
    for (var i = start; i < end; i++) {
      if (marks[i]) {
        var parts = /^(\W*)(.*?)(\W*)$/.exec(tokens[i]); /* mark the word, not its punctuation */
        var mark = document.createElement("mark");
        mark.textContent = parts[2];
        fragment.appendChild(document.createTextNode(parts[1]));
        fragment.appendChild(mark);
        fragment.appendChild(document.createTextNode(parts[3]));
      } else {
        fragment.appendChild(document.createTextNode(tokens[i]));
      }
    }
    if (end < tokens.length) { fragment.appendChild(document.createTextNode(" …")); }
    return fragment;
  }

  function setUpPage() {
    var form = document.querySelector("[data-hub-search-form]");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "true");
    var root = form.getAttribute("data-index");
    var status = document.querySelector("[data-hub-search-status]");
    var list = document.querySelector("[data-hub-search-results]");
    var more = document.querySelector("[data-hub-search-more]");
    var input = form.querySelector("input[name='q']");
    form.querySelectorAll("[data-hub-js-only]").forEach(function (part) { part.hidden = false; });
    var engine = null, labels = null, shown = 0, current = null, generation = 0;
    var correction = document.querySelector("[data-hub-search-correction]");
    var sinceOptions = Array.prototype.map.call(form.querySelectorAll("input[name='since']"), function (radio) {
      return radio.value ? parseInt(radio.value, 10) : 0;
    });
    var hub = window.mshtHub;
    var exact = form.querySelector("input[name='exact']");

    /* What a result is: [its badge's class modifier, its kind's label]. */
    function kindBadge(facets, doc) {
      var kinds = engine.manifest.facets.kind || [];
      var position = facets.kind ? facets.kind[doc] : -1;
      var kind = kinds[position] || ["page", ""];
      return [(engine.manifest.badges || [])[position] || kind[0], kind[1]];
    }

    function plainLabel(facets, doc) {
      return facets.label && engine.manifest.labels ? engine.manifest.labels[facets.label[doc]] : "";
    }

    function documents(numbers) {
      var chunk = engine.manifest.chunk;
      var chunks = {};
      numbers.forEach(function (n) { chunks[Math.floor(n / chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) {
        return load(root, "docs-" + c + ".js", "docs:" + c);
      })).then(function () {
        var rows = {};
        numbers.forEach(function (n) {
          var row = received["docs:" + Math.floor(n / chunk)][n % chunk];
          rows[n] = { number: n, url: row[0], title: row[1], crumb: row[2], text: row[3] };
        });
        return rows;
      });
    }

    /* The next page of results, unless a newer query has started meanwhile. */
    function showMore(mine) {
      if (mine !== generation) { return Promise.resolve(); }
      var batch = current.groups.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= current.groups.length;
      /* Every result's text is asked for at once; each is shown, in order, as soon as it and
         those above it have come. */
      var shownSoFar = Promise.resolve();
      batch.forEach(function (result) {
        var ready = documents([result.doc].concat(result.more));
        shownSoFar = shownSoFar.then(function () { return ready; }).then(function (rows) {
          if (mine !== generation) { return; }
          var doc = rows[result.doc];
          var kind = kindBadge(current.facets, doc.number);
          var item = document.createElement("li");
          item.className = "hub-result";
          var heading = document.createElement("h2");
          heading.className = "hub-result__title";
          var link = document.createElement("a");
          hub.setAddress(link, "href", form.getAttribute("data-site-root") + doc.url);
          link.textContent = doc.title;
          heading.appendChild(link);
          var meta = document.createElement("p");
          meta.className = "hub-result__meta";
          var badge = document.createElement("span");
          badge.className = "hub-badge hub-badge--" + kind[0];
          badge.textContent = plainLabel(current.facets, doc.number) || kind[1];  /* what it is: "Checklist", "Debrief lesson" */
          meta.appendChild(badge);
          if (doc.crumb) {
            var crumb = document.createElement("span");
            crumb.className = "hub-result__crumb";
            crumb.textContent = doc.crumb;
            meta.appendChild(document.createTextNode(" "));
            meta.appendChild(crumb);
          }
          var text = document.createElement("p");
          text.className = "hub-result__snippet";
          text.appendChild(snippet(doc.text, current.terms, engine));
          item.appendChild(heading);
          item.appendChild(meta);
          item.appendChild(text);
          if (result.more.length) {
            var sub = document.createElement("ul");
            sub.className = "hub-result__more";
            result.more.forEach(function (n) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              hub.setAddress(a, "href", form.getAttribute("data-site-root") + rows[n].url);
              a.textContent = rows[n].title.split(" › ").slice(-1)[0];
              li.appendChild(a);
              sub.appendChild(li);
            });
            item.appendChild(sub);
          }
          list.appendChild(item);
        });
      });
      return shownSoFar;
    }

    function showCorrection(found, query) {
      if (!correction) { return; }
      correction.hidden = !found.corrected;
      if (!found.corrected) { return; }
      correction.querySelector("[data-hub-search-corrected]").textContent = found.corrected;
      var instead = correction.querySelector("[data-hub-search-instead]");
      instead.textContent = query;
      var params = new URLSearchParams(window.location.search);
      params.set("q", query);
      params.set("exact", "1");
      hub.setAddress(instead, "href", "?" + params.toString());
    }

    function run(remember) {
      var query = input.value.trim();
      var chosen = selected(form);
      var mine = ++generation;
      if (remember) { hub.writeQuery(form); }
      status.textContent = "Searching…";
      /* Filters and their counts need filters.js: fetched once a filter is open or chosen. */
      var filtering = (panel && panel.open) || chosen.since || FACETS.some(function (facet) { return chosen[facet].length; });
      return Promise.all([engine.match(query, exact && exact.value === "1"), load(root, "facets.js", "facets"),
                          filtering ? load(root, "filters.js", "filters") : null]).then(function (results) {
        if (mine !== generation) { return; }
        var found = results[0], facets = results[1], filters = results[2];
        var result = filters ? narrow(found.docs, withFilters(facets, filters), labels, chosen, sinceOptions) : { docs: found.docs, counts: null };
        var groups = api.group(result.docs, facets.page, 3);
        form.querySelectorAll(result.counts ? "[data-hub-count]" : "none").forEach(function (count) {
          var key = count.getAttribute("data-hub-count");
          var facet = key.slice(0, key.indexOf(":"));
          var value = key.slice(key.indexOf(":") + 1);
          var position = facet === "since" ? sinceOptions.indexOf(value ? parseInt(value, 10) : 0) : labels[facet].indexOf(value);
          count.textContent = "(" + (position < 0 ? 0 : result.counts[facet][position]) + ")";
        });
        current = { groups: groups, terms: found.terms, facets: facets };
        shown = 0;
        list.textContent = "";
        showCorrection(found, query);
        var said = groups.length === 1 ? "1 result" : groups.length + " results";
        var filters = hub.showFilters(form);
        if (!groups.length) {
          said = (query ? "No results for “" + query + "”" : "No results") +
            (filters.count ? " with these filters: " + filters.text + ". Clear them to search everything." : ". Check the spelling, or try fewer or other words.");
        }
        /* The count is announced once the results it counts are on screen, not before. */
        return showMore(mine).then(function () {
          if (mine === generation) { status.textContent = said; keepInView(); }
        });
      }).catch(function (error) {
        if (mine !== generation) { return; }
        status.textContent = "Search could not load part of its index (" + error.message + "). Check the connection and search again.";
      });
    }

    /* While the on-screen keyboard is up (the visual viewport is shorter than the page's),
       scroll just enough for the first result to show above it, keeping the box in view. */
    function keepInView() {
      var view = window.visualViewport;
      if (!view || document.activeElement !== input) { return; }
      var first = list.querySelector(".hub-result__title") || status;
      var header = document.querySelector(".md-header");
      var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      var hidden = first.getBoundingClientRect().bottom - (view.offsetTop + view.height);
      var room = input.getBoundingClientRect().top - top - 4;
      if (hidden > 0 && room > 0) { window.scrollBy(0, Math.min(hidden + 8, room)); }
    }
    if (window.visualViewport) { window.visualViewport.addEventListener("resize", keepInView); }
    input.addEventListener("focus", function () { window.setTimeout(keepInView, 300); });

    var panel = form.querySelector(".hub-filterpanel");
    if (panel) { panel.addEventListener("toggle", function () { if (panel.open && engine) { run(false); } }); }

    more.addEventListener("click", function () { showMore(generation); });
    form.addEventListener("submit", function (event) { event.preventDefault(); if (exact) { exact.value = ""; } run(true); });
    form.addEventListener("change", function (event) { if (event.target !== input) { run(true); } });
    var timer = null;
    input.addEventListener("input", function () {
      if (exact) { exact.value = ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(true); }, 120);
    });
    form.addEventListener("reset", function () { window.setTimeout(function () { run(true); }, 0); });
    document.querySelectorAll("[data-hub-filters-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        form.querySelectorAll("fieldset input").forEach(function (box) { box.checked = box.type === "radio" && !box.value; });
        run(true);
      });
    });

    hub.readQuery(form);
    if (!input.value) { input.focus(); } /* the header's search button leads here: ready to type */
    var api = null;
    load(root, "manifest.js", "manifest").then(function (manifest) {
      api = window.mshtHubSearchEngine(function (file, name) { return load(root, file, name); });
      engine = new api.Search(manifest);
      labels = {};
      FACETS = Object.keys(manifest.facets);
      SINGLE = {};
      (manifest.single || []).forEach(function (facet) { SINGLE[facet] = true; });
      Object.keys(manifest.facets).forEach(function (facet) {
        labels[facet] = manifest.facets[facet].map(function (pair) { return pair[0]; });
      });
      if (input.value.trim() || window.location.search) { run(false); } else { status.textContent = "Type to search, or choose a filter to browse."; }
    }, function (error) {
      status.textContent = "Search could not load its index: " + error.message;
    });
  }

  /* ---- a lesson found is a lesson shown ----
     A lesson opened from the search results or from the lessons register is marked in its
     debrief, with a way back to the same results or the same filtered register (both keep
     their state in their address). What it was found by is kept for this tab only. */
  var FOUND = "msht-hub-found";

  function remember(event) {
    var link = event.target.closest && event.target.closest("a[href*='#lesson-']");
    if (!link) { return; }
    var search = document.querySelector("[data-hub-search-form]");
    var register = document.querySelector("[data-hub-register]");
    if (!search && !register) { return; }
    var query = search ? (search.querySelector("input[name='q']").value || "").trim() : "";
    var target = new URL(link.href, window.location.href);
    try {
      window.sessionStorage.setItem(FOUND, JSON.stringify({
        path: target.pathname, hash: target.hash, back: window.location.href,
        from: search ? (query ? "your search for \u201c" + query + "\u201d" : "search") : "the lessons register",
        label: search ? "Back to the results" : "Back to the register"
      }));
    } catch (e) { /* storage refused: the lesson still opens, without the way back */ }
  }

  function showFound() {
    document.querySelectorAll(".hub-found").forEach(function (old) { old.remove(); });
    document.querySelectorAll(".hub-lesson--found").forEach(function (old) { old.classList.remove("hub-lesson--found"); });
    var found = null;
    try { found = JSON.parse(window.sessionStorage.getItem(FOUND) || "null"); } catch (e) { found = null; }
    if (!found || !window.location.hash || found.hash !== window.location.hash || found.path !== window.location.pathname) { return; }
    var heading = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var lesson = heading && heading.closest("article.hub-lesson");
    if (!lesson) { return; }
    lesson.classList.add("hub-lesson--found");
    var note = document.createElement("p");
    note.className = "hub-found";
    note.setAttribute("role", "note");
    note.appendChild(document.createTextNode("Found by " + found.from + ". "));
    var back = document.createElement("a");
    window.mshtHub.setAddress(back, "href", found.back);
    back.textContent = found.label;
    back.addEventListener("click", function (event) {
      /* the page before this one is those results: going back keeps their scroll position */
      if (document.referrer && document.referrer === found.back && window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
    note.appendChild(back);
    lesson.insertBefore(note, lesson.firstChild);
  }

  document.addEventListener("click", remember, true);
  window.addEventListener("hashchange", showFound);
  window.mshtHub.onEveryPage(showFound);
  window.mshtHub.onEveryPage(setUpPage);
})();
