/* MSHT Knowledge Hub: search over the prebuilt, split index in search/ (see
   hooks/msht_hub/search_index.py). Loads the manifest, the shards of the query's terms,
   the facets, and the text of only the results on screen; every file is a script, so it
   works from file:// as well as over HTTP. Queries go through lunr.js's own pipeline so
   they make the same terms as the index. */
(function () {
  "use strict";

  var PAGE = 20;
  var FACETS = ["kind", "role", "exploitation", "theme"];
  var received = {};
  var waiting = {};

  /* Every index file calls this. */
  window.mshtHubSearch = {
    receive: function (name, data) {
      received[name] = data;
      (waiting[name] || []).forEach(function (resolve) { resolve(data); });
      delete waiting[name];
    }
  };

  function load(root, file, name) {
    if (received[name]) { return Promise.resolve(received[name]); }
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push(resolve);
      if (!first) { return; }
      var script = document.createElement("script");
      script.src = root + file;
      script.async = true;
      script.onerror = function () { reject(new Error("Could not load " + file)); };
      document.head.appendChild(script);
    });
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  function hex(text) {
    return Array.prototype.map.call(new TextEncoder().encode(text), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  /* lunr.js's pipeline, as lunr.py ran it over the documents. */
  function term(word) {
    var token = new lunr.Token(word, {});
    var steps = [lunr.trimmer, lunr.stopWordFilter, lunr.stemmer];
    for (var i = 0; i < steps.length; i++) {
      token = steps[i](token);
      if (!token || !token.toString()) { return null; }
    }
    return token.toString();
  }

  function words(text) {
    return lunr.tokenizer(text).map(function (token) { return token.toString(); });
  }

  /* A query is a list of clauses; a clause is a list of alternatives; an alternative is a
     list of terms that must all be present. Abbreviations expand both ways. */
  function clauses(query, glossary) {
    var raw = words(query);
    var lower = raw.join(" ");
    var result = [];
    var used = {};
    glossary.forEach(function (entry) {
      var expansion = words(entry[1]).join(" ");
      var short = entry[0].toLowerCase();
      var full = expansion.split(" ").map(term).filter(Boolean);
      var shortTerm = term(short);
      if ((" " + lower + " ").indexOf(" " + expansion + " ") >= 0) {
        expansion.split(" ").forEach(function (w) { used[w] = true; });
        result.push([full, [shortTerm]]);
      }
    });
    raw.forEach(function (word, index) {
      if (used[word]) { return; }
      var t = term(word);
      if (!t) { return; }
      var alternatives = [[t]];
      glossary.forEach(function (entry) {
        if (entry[0].toLowerCase() === word) {
          alternatives.push(words(entry[1]).map(term).filter(Boolean));
        }
      });
      alternatives.last = index === raw.length - 1; /* typed last: also matches as a prefix */
      result.push(alternatives);
    });
    return result;
  }

  function Search(root, manifest) {
    this.root = root;
    this.manifest = manifest;
    this.shardKeys = {};
    var self = this;
    manifest.shards.forEach(function (key) { self.shardKeys[key] = true; });
  }

  Search.prototype.shardFor = function (t) {
    for (var length = Math.min(t.length, this.manifest.maxPrefix); length >= 1; length--) {
      var prefix = t.slice(0, length);
      if (length === t.length && this.shardKeys[prefix + "\u0000"]) { return prefix + "\u0000"; }
      if (this.shardKeys[prefix]) { return prefix; }
    }
    return null;
  };

  Search.prototype.shardsFor = function (t, asPrefix) {
    var keys = {};
    var own = this.shardFor(t);
    if (own) { keys[own] = true; }
    if (asPrefix && t.length >= this.manifest.maxPrefix) {
      var head = t.slice(0, this.manifest.maxPrefix);
      this.manifest.shards.forEach(function (key) { if (key.indexOf(head) === 0) { keys[key] = true; } });
    }
    return Object.keys(keys);
  };

  Search.prototype.loadShard = function (key) {
    return load(this.root, "shard-" + hex(key) + ".js", "shard:" + key);
  };

  /* One term's posting list, decoded once into typed arrays and kept. */
  Search.prototype.decoded = function (name, list) {
    this.cache = this.cache || {};
    if (!this.cache[name]) {
      var docs = new Int32Array(list.length / 2), weights = new Float32Array(list.length / 2), doc = 0;
      for (var i = 0, j = 0; i < list.length; i += 2, j++) {
        doc += list[i];
        docs[j] = doc;
        weights[j] = list[i + 1] / 10;
      }
      this.cache[name] = { docs: docs, weights: weights };
    }
    return this.cache[name];
  };

  /* Every document's weight for one term (exactly, or as a prefix at half weight), as an
     array indexed by document number. */
  Search.prototype.termScores = function (t, asPrefix) {
    var self = this;
    return Promise.all(this.shardsFor(t, asPrefix).map(function (key) { return self.loadShard(key); }))
      .then(function (shards) {
        var scores = new Float32Array(self.manifest.count);
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (name) {
            if (name !== t && !(asPrefix && name.indexOf(t) === 0)) { return; }
            var posting = self.decoded(name, shard[name]);
            var factor = name === t ? 1 : 0.5;
            for (var i = 0; i < posting.docs.length; i++) {
              var weight = posting.weights[i] * factor;
              if (weight > scores[posting.docs[i]]) { scores[posting.docs[i]] = weight; }
            }
          });
        });
        return scores;
      });
  };

  /* Document numbers matching the text, best first (all documents when there is none). */
  Search.prototype.match = function (query) {
    var self = this;
    var count = this.manifest.count;
    var parts = clauses(query, this.manifest.glossary);
    if (!parts.length) {
      var all = [];
      for (var n = 0; n < count; n++) { all.push(n); }
      return Promise.resolve({ docs: all, terms: [] });
    }
    var wanted = {};
    parts.forEach(function (alternatives) {
      alternatives.forEach(function (alternative) {
        alternative.forEach(function (t) { wanted[t + (alternatives.last ? "*" : "")] = true; });
      });
    });
    var names = Object.keys(wanted);
    return Promise.all(names.map(function (name) {
      var prefix = name.slice(-1) === "*";
      return self.termScores(prefix ? name.slice(0, -1) : name, prefix);
    })).then(function (lists) {
      var byTerm = {};
      names.forEach(function (name, i) { byTerm[name] = lists[i]; });
      var matched = new Uint8Array(count), score = new Float32Array(count);
      parts.forEach(function (alternatives) {
        var best = new Float32Array(count);
        alternatives.forEach(function (alternative) {
          var arrays = alternative.map(function (t) { return byTerm[t + (alternatives.last ? "*" : "")]; });
          for (var doc = 0; doc < count; doc++) {
            var total = 0;
            for (var i = 0; i < arrays.length; i++) {
              var weight = arrays[i][doc];
              if (!weight) { total = 0; break; }
              total += weight;
            }
            if (total > best[doc]) { best[doc] = total; }
          }
        });
        for (var doc = 0; doc < count; doc++) {
          if (best[doc]) { matched[doc] += 1; score[doc] += best[doc]; }
        }
      });
      var most = 0;
      for (var d = 0; d < count; d++) { if (matched[d] > most) { most = matched[d]; } }
      var docs = [];
      if (most) { for (var e = 0; e < count; e++) { if (matched[e] === most) { docs.push(e); } } }
      docs.sort(function (a, b) { return score[b] - score[a] || a - b; });
      return { docs: docs, terms: names };
    });
  };

  Search.prototype.facets = function () {
    return load(this.root, "facets.js", "facets");
  };

  Search.prototype.documents = function (numbers) {
    var self = this;
    var chunk = this.manifest.chunk;
    var chunks = {};
    numbers.forEach(function (n) { chunks[Math.floor(n / chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      return load(self.root, "docs-" + c + ".js", "docs:" + c);
    })).then(function () {
      return numbers.map(function (n) {
        var row = received["docs:" + Math.floor(n / chunk)][n % chunk];
        return { number: n, url: row[0], title: row[1], crumb: row[2], text: row[3] };
      });
    });
  };

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

  /* One pass over the matching documents: those that pass every filter, and for each facet
     value how many documents it would give with the other filters as they are. */
  function narrow(found, facets, labels, chosen, sinceOptions) {
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
        var value = FACETS[i] === "kind" ? (1 << facets.kind[doc]) : facets[FACETS[i]][doc];
        if (!(value & wanted[i])) { fails |= 1 << i; }
      }
      var year = facets.year[doc];
      if (chosen.since && year < chosen.since) { fails |= 1 << SINCE; }
      if (!fails) { kept.push(doc); }
      if (fails & (fails - 1)) { return; } /* fails two filters: counts for none */
      for (var f = 0; f < FACETS.length; f++) {
        if (fails && fails !== 1 << f) { continue; }
        var bits = FACETS[f] === "kind" ? (1 << facets.kind[doc]) : facets[FACETS[f]][doc];
        for (var b = 0; bits; b++, bits >>>= 1) { if (bits & 1) { counts[FACETS[f]][b] += 1; } }
      }
      if (!fails || fails === 1 << SINCE) {
        sinceOptions.forEach(function (since, k) { if (!since || year >= since) { counts.since[k] += 1; } });
      }
    });
    return { docs: kept, counts: counts };
  }

  function snippet(text, highlight) {
    var fragment = document.createDocumentFragment();
    var tokens = text.split(/(\s+)/);
    var first = -1;
    var marks = tokens.map(function (piece, i) {
      if (!piece.trim()) { return false; }
      var t = term(piece.toLowerCase());
      var hit = !!t && highlight.some(function (h) {
        return h.slice(-1) === "*" ? t.indexOf(h.slice(0, -1)) === 0 : t === h;
      });
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
    var sinceOptions = Array.prototype.map.call(form.querySelectorAll("input[name='since']"), function (radio) {
      return radio.value ? parseInt(radio.value, 10) : 0;
    });
    var hub = window.mshtHub;

    function kindLabel(facets, doc) {
      var kinds = engine.manifest.facets.kind;
      return kinds[facets.kind[doc]];
    }

    function showMore() {
      var batch = current.docs.slice(shown, shown + PAGE);
      shown += batch.length;
      more.hidden = shown >= current.docs.length;
      return engine.documents(batch).then(function (docs) {
        docs.forEach(function (doc) {
          var kind = kindLabel(current.facets, doc.number);
          var item = document.createElement("li");
          item.className = "hub-result";
          var meta = document.createElement("p");
          meta.className = "hub-result__meta";
          var badge = document.createElement("span");
          badge.className = "hub-badge hub-badge--" + kind[0];
          badge.textContent = kind[1];
          var crumb = document.createElement("span");
          crumb.className = "hub-result__crumb";
          crumb.textContent = doc.crumb;
          meta.appendChild(badge);
          meta.appendChild(document.createTextNode(" "));
          meta.appendChild(crumb);
          var heading = document.createElement("h2");
          heading.className = "hub-result__title";
          var link = document.createElement("a");
          link.href = form.getAttribute("data-site-root") + doc.url;
          link.textContent = doc.title;
          heading.appendChild(link);
          var text = document.createElement("p");
          text.className = "hub-result__snippet";
          text.appendChild(snippet(doc.text, current.terms));
          item.appendChild(heading);
          item.appendChild(meta);
          item.appendChild(text);
          list.appendChild(item);
        });
      });
    }

    function run(remember) {
      var query = input.value.trim();
      var chosen = selected(form);
      var mine = ++generation;
      if (remember) { hub.writeQuery(form); }
      status.textContent = "Searching…";
      return Promise.all([engine.match(query), engine.facets()]).then(function (results) {
        if (mine !== generation) { return; }
        var found = results[0], facets = results[1];
        var result = narrow(found.docs, facets, labels, chosen, sinceOptions);
        var docs = result.docs;
        form.querySelectorAll("[data-hub-count]").forEach(function (count) {
          var key = count.getAttribute("data-hub-count");
          var facet = key.slice(0, key.indexOf(":"));
          var value = key.slice(key.indexOf(":") + 1);
          var position = facet === "since" ? sinceOptions.indexOf(value ? parseInt(value, 10) : 0) : labels[facet].indexOf(value);
          count.textContent = "(" + (position < 0 ? 0 : result.counts[facet][position]) + ")";
        });
        current = { docs: docs, terms: found.terms, facets: facets };
        shown = 0;
        list.textContent = "";
        status.textContent = docs.length === 1 ? "1 result" : docs.length + " results";
        var filters = hub.showFilters(form);
        if (!docs.length) {
          status.textContent = (query ? "No results for “" + query + "”" : "No results") +
            (filters.count ? " with these filters: " + filters.text + ". Clear them to search everything." : ". Check the spelling, or try fewer or other words.");
        }
        return showMore();
      }).catch(function (error) {
        status.textContent = "Search could not load its index: " + error.message;
      });
    }

    more.addEventListener("click", function () { showMore(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    form.addEventListener("change", function (event) { if (event.target !== input) { run(true); } });
    var timer = null;
    input.addEventListener("input", function () {
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
    var lunrReady = window.lunr ? Promise.resolve() : loadScript(form.getAttribute("data-lunr"));
    Promise.all([load(root, "manifest.js", "manifest"), lunrReady]).then(function (loaded) {
      var manifest = loaded[0];
      engine = new Search(root, manifest);
      labels = {};
      Object.keys(manifest.facets).forEach(function (facet) {
        labels[facet] = manifest.facets[facet].map(function (pair) { return pair[0]; });
      });
      if (input.value.trim() || window.location.search) { run(false); } else { status.textContent = "Type to search, or choose a filter to browse."; }
    }, function (error) {
      status.textContent = "Search could not load its index: " + error.message;
    });
  }

  window.mshtHub.onEveryPage(setUpPage);
})();
