/* MSHT Knowledge Hub: the search engine over the prebuilt, split index (see
   hooks/msht_hub/search_index.py). No page, no DOM: it is given a function that loads one
   index file by name, and it answers queries. search.js runs it in the page; the tests and
   the benchmarks run it in Node (tests/js/, bench/search_node.js).

   It never stems. A query is folded, joined and cut into words exactly as the build does
   (hooks/msht_hub/search_analysis.py, word for word: tests/test_search_analyser.py), and
   each word's term is the build's own: the shard of the word's prefix says the term of every
   word the index saw whose term is not the word itself; the manifest lists the stop words.

   What it does with a query:
   - "s45", "S.45", "s 45" and "section 45" are read alike, as the index reads them;
   - abbreviations of the glossary and their expansions find each other, both ways;
   - a word the index does not know is corrected to the nearest word of the index (one slip
     for words of 4 to 7 letters, two for longer; the correction that finds most wins),
     fetching at most two small vocabulary files; the answer says what was searched for;
   - "quoted phrases" must stand together; words that stand together rank above the same
     words far apart;
   - a document whose title names every word ranks first, a page before its sections and
     lessons; results are grouped by page, with the sections that add something under it. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; }
  else { root.mshtHubSearchEngine = factory; }
})(typeof self !== "undefined" ? self : this, function (loadFile) {
  "use strict";

  /* search_analysis.py, line for line. */
  var ALNUM = "\\p{L}\\p{N}";
  var APOSTROPHE = "'\u2019\u02bc";
  var MARKS = /\p{M}+/gu;
  var POSSESSIVE = new RegExp("(?<=[" + ALNUM + "])[" + APOSTROPHE + "]s(?![" + ALNUM + "])", "gu");
  var INNER_APOSTROPHE = new RegExp("(?<=[" + ALNUM + "])[" + APOSTROPHE + "](?=[" + ALNUM + "])", "gu");
  var INITIALS = new RegExp("(?<![" + ALNUM + ".])(?:[a-z]\\.)+[a-z](?![" + ALNUM + "])\\.?", "gu");
  var TOKEN = new RegExp("[" + ALNUM + "]+", "gu");
  var SECTION_WORDS = { s: true, ss: true, sec: true, section: true };
  var SECTION_JOINED = /^(?:s|ss|sec|section)([0-9]{1,3}[a-z]?)$/;
  var SECTION_NUMBER = /^[0-9]{1,3}[a-z]?$/;
  var VOCAB_WORD = /^[a-z]{3,}$/;

  function fold(text) { return text.normalize("NFKD").replace(MARKS, "").toLowerCase(); }

  function words(text) {
    text = fold(text).replace(POSSESSIVE, "").replace(INNER_APOSTROPHE, "")
      .replace(INITIALS, function (found) { return found.replace(/\./g, ""); });
    var tokens = text.match(TOKEN) || [];
    var found = [];
    for (var i = 0; i < tokens.length; i++) {
      var joined = SECTION_JOINED.exec(tokens[i]);
      if (joined) { found.push("section", joined[1]); }
      else if (SECTION_WORDS[tokens[i]] && i + 1 < tokens.length && SECTION_NUMBER.test(tokens[i + 1])) { found.push("section"); }
      else { found.push(tokens[i]); }
    }
    return found;
  }

  /* Optimal string alignment distance (a swap of two letters counts as one slip). */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) { return most + 1; }
    var previous2 = null, previous = [], current;
    for (var j = 0; j <= b.length; j++) { previous.push(j); }
    for (var i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var value = Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost);
        if (previous2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          value = Math.min(value, previous2[k - 2] + 1);
        }
        current.push(value);
        if (value < best) { best = value; }
      }
      if (best > most) { return most + 1; }
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* A stored weight step back to a BM25 weight (search_index.py: quantise). */
  function weightOf(step) { return 0.05 * Math.pow(1.15, step); }

  function allowedSlips(word) {
    return word.length >= 8 ? 2 : (word.length >= 4 ? 1 : 0);
  }

  var QUOTED = /["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?/g;

  /* The query as clauses: each clause is one word (or one abbreviation, or one glossary
     expansion) with its alternatives; an alternative is a list of terms that must all be
     present. `phrase` marks words inside quotes, `position` their order in the query.
     `termOf(word)` is the index's term of a word (null for a stop word); a glossary entry is
     [short, expansion, short's words, expansion's words, short's terms, expansion's terms]. */
  function parse(query, glossary, exact, termOf) {
    var phrases = [];
    query.replace(QUOTED, function (all, inside) { phrases.push(words(inside)); return " "; });
    var raw = words(query);
    var clauses = [];
    var used = Object.create(null);
    var fixed = false;
    /* A glossary expansion in the query, word for word or with a slip in each word
       ("nationl referal mechanism"), is one clause that also finds its abbreviation. */
    glossary.forEach(function (entry) {
      var expansion = entry[3], full = entry[5], shortTerms = entry[4];
      if (full.length < 2) { return; }
      for (var start = 0; start + expansion.length <= raw.length; start++) {
        var slips = 0, fits = true;
        for (var k = 0; k < expansion.length && fits; k++) {
          if (used[start + k]) { fits = false; break; }
          var d = raw[start + k] === expansion[k] ? 0 : (exact ? 99 : distance(raw[start + k], expansion[k], allowedSlips(expansion[k])));
          if (d > allowedSlips(expansion[k]) && d > 0) { fits = false; }
          slips += d;
        }
        if (!fits) { continue; }
        for (k = 0; k < expansion.length; k++) { used[start + k] = true; }
        fixed = fixed || slips > 0;
        clauses.push({ word: expansion.join(" "), alternatives: shortTerms.length ? [full, shortTerms] : [full], glossary: true, position: start });
        break;
      }
    });
    raw.forEach(function (word, index) {
      if (used[index]) { return; }
      var t = termOf(word);
      if (!t) { return; }
      var alternatives = [[t]];
      glossary.forEach(function (entry) {
        if (entry[2].length === 1 && entry[2][0] === word && entry[5].length) { alternatives.push(entry[5]); }
        /* a one-word expansion finds its abbreviation ("emergency" finds 999) */
        else if (entry[5].length === 1 && entry[5][0] === t && entry[4].length) { alternatives.push(entry[4]); }
      });
      clauses.push({ word: word, alternatives: alternatives, glossary: alternatives.length > 1, position: index,
                     last: index === raw.length - 1 && !/["\u201c\u201d\s]$/.test(query) });
    });
    clauses.sort(function (a, b) { return a.position - b.position; });
    return { clauses: clauses, fixed: fixed, words: raw,
             phrases: phrases.map(function (list) { return list.map(termOf).filter(Boolean); }) };
  }

  function Search(manifest) {
    this.manifest = manifest;
    this.shardKeys = Object.create(null);
    this.cache = Object.create(null);
    var self = this;
    manifest.shards.forEach(function (key) { self.shardKeys[key] = true; });
    this.vocabKeys = Object.create(null);
    (manifest.vocab || []).forEach(function (key) { self.vocabKeys[key] = true; });
    this.stop = Object.create(null);
    (manifest.stop || []).forEach(function (word) { self.stop[word] = true; });
    this.shards = Object.create(null);  /* shards loaded so far, by key */
  }

  function hex(text) {
    var bytes = typeof TextEncoder !== "undefined" ? new TextEncoder().encode(text) : Buffer.from(text, "utf8");
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
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
    var keys = Object.create(null);
    var own = this.shardFor(t);
    if (own) { keys[own] = true; }
    if (asPrefix && t.length >= this.manifest.maxPrefix) {
      var head = t.slice(0, this.manifest.maxPrefix);
      this.manifest.shards.forEach(function (key) { if (key.indexOf(head) === 0) { keys[key] = true; } });
    }
    return Object.keys(keys);
  };

  Search.prototype.loadShard = function (key) {
    var self = this;
    return loadFile("shard-" + hex(key) + ".js", "shard:" + key).then(function (shard) {
      self.shards[key] = shard;
      return shard;
    });
  };

  /* A word's term as the build made it, and whether the index knows the word:
     {term, known}; the term is null for a stop word. */
  Search.prototype.lookup = function (word) {
    if (this.stop[word]) { return Promise.resolve({ term: null, known: true }); }
    var key = this.shardFor(word);
    if (!key) { return Promise.resolve({ term: word, known: false }); }
    /* Where a large index splits a word's shard from its term's ("safeguarding" in one,
       "safeguard" in the next), the term's shard is asked for at once, not after the
       word's has said the term: a guess at its file from the names of the shards, which
       only saves a wait (the term itself is always the table's). */
    var guess = this.termShardGuess(word);
    if (guess && guess !== key) { this.loadShard(guess).catch(function () { return null; }); }
    return this.loadShard(key).then(function (shard) {
      if (Object.prototype.hasOwnProperty.call(shard.w, word)) { return { term: shard.w[word], known: true }; }
      return { term: word, known: Object.prototype.hasOwnProperty.call(shard.t, word) };
    });
  };

  /* The shard of a term that is the word less up to five letters (or with its last "y" as
     "i"), when that term has a shard of its own. */
  Search.prototype.termShardGuess = function (word) {
    var forms = [word];
    if (word.slice(-1) === "y") { forms.push(word.slice(0, -1) + "i"); }
    for (var n = word.length - 1; n >= Math.max(3, word.length - 5); n--) {
      for (var f = 0; f < forms.length; f++) {
        var key = forms[f].slice(0, n + (f ? 1 : 0)) + "\u0000";
        if (this.shardKeys[key]) { return key; }
      }
    }
    return null;
  };

  /* The terms of many words: word -> {term, known}. */
  Search.prototype.lookupAll = function (list) {
    var self = this, found = Object.create(null), distinct = Object.create(null);
    list.forEach(function (word) { distinct[word] = true; });
    var names = Object.keys(distinct);
    return Promise.all(names.map(function (word) { return self.lookup(word); })).then(function (answers) {
      names.forEach(function (word, i) { found[word] = answers[i]; });
      return found;
    });
  };

  /* The terms of a text, as the index holds them (for the analyser's tests). */
  Search.prototype.terms = function (text) {
    var list = words(text);
    return this.lookupAll(list).then(function (found) {
      return list.map(function (word) { return found[word].term; }).filter(Boolean);
    });
  };

  /* A word's term from the shards already loaded, without waiting (for highlighting): the
     word itself when its shard is not loaded. */
  Search.prototype.termNow = function (word) {
    if (this.stop[word]) { return null; }
    var shard = this.shards[this.shardFor(word)];
    return shard && Object.prototype.hasOwnProperty.call(shard.w, word) ? shard.w[word] : word;
  };

  /* Whether a piece of snippet text is one of the highlighted terms ("term*": a prefix). */
  Search.prototype.highlights = function (piece, highlight) {
    var self = this;
    var key = highlight.join(" ");
    if (this.highlighting !== key) {
      this.highlighting = key;
      this.highlighted = new Map();
      this.initials = {};
      highlight.forEach(function (h) { self.initials[h.charAt(0)] = true; });
    }
    var known = this.highlighted.get(piece);
    if (known !== undefined) { return known; }
    var lower = piece.toLowerCase();
    /* a term's first letter is its word's: a piece of plain letters without any cannot match */
    var hit = !(/^[\x00-\x7f]*$/.test(lower) && !Array.prototype.some.call(lower, function (c) { return self.initials[c]; })) &&
      this.highlightsWord(piece, highlight);
    this.highlighted.set(piece, hit);
    return hit;
  };

  Search.prototype.highlightsWord = function (piece, highlight) {
    var self = this;
    return words(piece).some(function (word) {
      var t = self.termNow(word);
      return !!t && highlight.some(function (h) {
        return h.slice(-1) === "*" ? t.indexOf(h.slice(0, -1)) === 0 || word.indexOf(h.slice(0, -1)) === 0 : t === h;
      });
    });
  };

  /* One term's posting list, decoded once into typed arrays and kept. */
  Search.prototype.decoded = function (name, list) {
    if (!this.cache[name]) {
      var n = list.length / 2;
      var docs = new Int32Array(n), weights = new Float32Array(n), title = new Uint8Array(n), doc = 0;
      for (var i = 0, j = 0; i < list.length; i += 2, j++) {
        doc += list[i];
        docs[j] = doc;
        weights[j] = weightOf(list[i + 1] >> 1);
        title[j] = list[i + 1] & 1;
      }
      this.cache[name] = { docs: docs, weights: weights, title: title };
    }
    return this.cache[name];
  };

  /* Every document's weight for one term (exactly, or as a prefix at half weight), and
     whether the term is in its title. */
  Search.prototype.termScores = function (t, asPrefix) {
    var self = this;
    return Promise.all(this.shardsFor(t, asPrefix).map(function (key) { return self.loadShard(key); }))
      .then(function (shards) {
        var scores = new Float32Array(self.manifest.count), title = new Uint8Array(self.manifest.count);
        var found = false;
        shards.forEach(function (shard) {
          Object.keys(shard.t).forEach(function (name) {
            if (name !== t && !(asPrefix && name.indexOf(t) === 0 && name.indexOf(" ") < 0)) { return; }
            found = true;
            var posting = self.decoded(name, shard.t[name]);
            var factor = name === t ? 1 : 0.5;
            for (var i = 0; i < posting.docs.length; i++) {
              var weight = posting.weights[i] * factor;
              if (weight > scores[posting.docs[i]]) { scores[posting.docs[i]] = weight; }
              if (posting.title[i]) { title[posting.docs[i]] = 1; }
            }
          });
        });
        return { scores: scores, title: title, found: found };
      });
  };

  /* The index's words near a misspelt one, best first: [word, term, documents]. */
  Search.prototype.corrections = function (word) {
    var slips = allowedSlips(word);
    if (!slips) { return Promise.resolve([]); }
    var self = this;
    var keys = ["p:" + word.slice(0, 2), "s:" + word.slice(-2)].filter(function (key) { return self.vocabKeys[key]; });
    return Promise.all(keys.map(function (key) { return loadFile("vocab-" + hex(key) + ".js", "vocab:" + key); }))
      .then(function (buckets) {
        var seen = Object.create(null), found = [];
        buckets.forEach(function (bucket) {
          bucket.forEach(function (entry) {
            if (seen[entry[0]]) { return; }
            seen[entry[0]] = true;
            var d = distance(word, entry[0], slips);
            if (d <= slips && d > 0) { found.push({ word: entry[0], term: entry[1], documents: entry[2], slips: d }); }
          });
        });
        found.sort(function (a, b) { return a.slips - b.slips || b.documents - a.documents || (a.word < b.word ? -1 : 1); });
        return found;
      });
  };

  /* A question about what to do: its words (stop words included) ask "what/how ... do/should". */
  var CHECKLIST_BOOST = 1.5, CHECKLIST_BOOST_QUESTION = 4;
  var ASKING = { what: true, how: true, when: true, should: true, do: true, can: true, first: true };
  var DOING = { do: true, should: true, must: true, first: true, steps: true, now: true };
  function practical(list) {
    return list.length > 1 && !!ASKING[list[0]] && list.some(function (word) { return DOING[word]; });
  }

  var ALL = { docs: null, terms: [], corrected: null };

  /* Document numbers matching the query, best first (every document when there is no
     text), the terms to highlight and, when a word was corrected, what was searched for.
     `exact` turns correction off. */
  Search.prototype.match = function (query, exact) {
    var self = this;
    var count = this.manifest.count;
    var known = null, parsed = null, clauses = null;
    return this.lookupAll(words(query)).then(function (found) {
      known = found;
      parsed = parse(query, self.manifest.glossary, exact, function (word) {
        return found[word] ? found[word].term : (self.stop[word] ? null : word);
      });
      clauses = parsed.clauses;
      if (!clauses.length) {
        var all = [];
        for (var n = 0; n < count; n++) { all.push(n); }
        return { docs: all, terms: [], corrected: null, clauses: 0 };
      }
      return self.matchClauses(parsed, clauses, known, exact);
    });
  };

  /* The names of the adjacent pairs of terms of the clauses and of the quoted phrases. */
  function pairsOf(clauses, phrases) {
    var names = [];
    for (var c = 1; c < clauses.length; c++) {
      var before = clauses[c - 1].alternatives[0], after = clauses[c].alternatives[0];
      names.push(before[before.length - 1] + " " + after[0]);
    }
    phrases.forEach(function (phrase) {
      for (var p = 1; p < phrase.length; p++) { names.push(phrase[p - 1] + " " + phrase[p]); }
    });
    return names;
  }

  Search.prototype.matchClauses = function (parsed, clauses, known, exact) {
    var self = this;
    var lists = Object.create(null);
    function scoresOf(t, asPrefix) {
      var name = t + (asPrefix ? "*" : "");
      if (!lists[name]) { lists[name] = self.termScores(t, asPrefix); }
      return lists[name];
    }
    /* The adjacent pairs of the words as typed are asked for at once, beside the words
       themselves (a correction, rarely, asks for its own pairs later); the facets too. */
    pairsOf(clauses, parsed.phrases).forEach(function (name) { scoresOf(name, false).catch(function () { return null; }); });
    loadFile("facets.js", "facets").catch(function () { return null; });
    /* First every clause's terms; then corrections for words that found nothing. */
    return Promise.all(clauses.map(function (clause) {
      return Promise.all(clause.alternatives.map(function (alternative) {
        return Promise.all(alternative.map(function (t) { return scoresOf(t, clause.last); }));
      }));
    })).then(function (perClause) {
      var fixes = clauses.map(function (clause, index) {
        var nothing = perClause[index].every(function (alternative) {
          return alternative.some(function (list) { return !list.found; });
        });
        /* A word the index knows is never corrected, nor a number, nor an abbreviation. */
        var knownWord = known[clause.word] && known[clause.word].known;
        if (exact || clause.glossary || !nothing || knownWord || !VOCAB_WORD.test(clause.word)) { return Promise.resolve(null); }
        return self.corrections(clause.word).then(function (candidates) { return candidates[0] || null; });
      });
      return Promise.all(fixes);
    }).then(function (fixes) {
      var corrected = parsed.fixed;
      fixes.forEach(function (fix, index) {
        if (!fix) { return; }
        corrected = true;
        clauses[index] = { word: fix.word, alternatives: [[fix.term]], position: clauses[index].position, last: false, fixedFrom: clauses[index].word };
      });
      var pairNames = pairsOf(clauses, parsed.phrases);
      return Promise.all(clauses.map(function (clause) {
        return Promise.all(clause.alternatives.map(function (alternative) {
          return Promise.all(alternative.map(function (t) { return scoresOf(t, clause.last); }));
        }));
      }).concat([Promise.all(pairNames.map(function (name) { return scoresOf(name, false); })),
                 loadFile("facets.js", "facets")])).then(function (results) {
        var facets = results.pop();
        var pairLists = results.pop();
        var pairScores = Object.create(null);
        pairNames.forEach(function (name, i) { pairScores[name] = pairLists[i]; });
        return self.rank(clauses, results, parsed.phrases, pairNames, pairScores, corrected, facets,
                         practical(parsed.words));
      });
    });
  };

  Search.prototype.rank = function (clauses, perClause, phrases, pairNames, pairScores, corrected, facets, question) {
    var count = this.manifest.count;
    var page = facets.page;
    /* The thing to do before the thing to read: a checklist's weight counts more, and much
       more for a practical question ("what do I do first"). */
    var checklist = {};
    (this.manifest.checklists || []).forEach(function (label) { checklist[label] = true; });
    var boost = question ? CHECKLIST_BOOST_QUESTION : CHECKLIST_BOOST;
    var matched = new Uint8Array(count), score = new Float32Array(count), titled = new Uint8Array(count);
    clauses.forEach(function (clause, index) {
      var best = new Float32Array(count), inTitle = new Uint8Array(count);
      perClause[index].forEach(function (lists) {
        for (var doc = 0; doc < count; doc++) {
          var total = 0, title = 1;
          for (var i = 0; i < lists.length; i++) {
            var weight = lists[i].scores[doc];
            if (!weight) { total = 0; break; }
            total += weight;
            title = title && lists[i].title[doc];
          }
          if (total > best[doc]) { best[doc] = total; }
          if (total && title) { inTitle[doc] = 1; }
        }
      });
      for (var doc = 0; doc < count; doc++) {
        if (best[doc]) { matched[doc] += 1; score[doc] += best[doc]; titled[doc] += inTitle[doc]; }
      }
    });
    /* Words that stand together: each adjacent pair found adds its weight. */
    pairNames.forEach(function (name) {
      var list = pairScores[name].scores;
      for (var doc = 0; doc < count; doc++) { if (list[doc]) { score[doc] += list[doc]; } }
    });
    /* A quoted phrase must stand together. */
    var required = [];
    phrases.forEach(function (phrase) {
      for (var p = 1; p < phrase.length; p++) { required.push(pairScores[phrase[p - 1] + " " + phrase[p]].scores); }
    });
    if (facets.label) {
      for (var b = 0; b < count; b++) { if (score[b] && checklist[facets.label[b]]) { score[b] *= boost; } }
    }
    var most = 0;
    for (var d = 0; d < count; d++) { if (matched[d] > most) { most = matched[d]; } }
    var docs = [];
    if (most) {
      for (var e = 0; e < count; e++) {
        if (matched[e] !== most) { continue; }
        if (required.some(function (list) { return !list[e]; })) { continue; }
        docs.push(e);
      }
    }
    /* The title that names every word first, a page before its sections and lessons;
       then by score. */
    var all = clauses.length;
    function tier(doc) { return titled[doc] === all ? (page && page[doc] === doc ? 2 : 1) : 0; }
    docs.sort(function (a, b) { return tier(b) - tier(a) || score[b] - score[a] || a - b; });
    var highlight = [];
    clauses.forEach(function (clause) {
      clause.alternatives.forEach(function (alternative) {
        alternative.forEach(function (t) { highlight.push(t + (clause.last ? "*" : "")); });
      });
    });
    return {
      docs: docs, terms: highlight, titled: titled, clauses: all,
      corrected: corrected ? clauses.map(function (clause) { return clause.word; }).join(" ") : null
    };
  };

  /* One result per page: the page's best-ranked document leads; its other matching
     sections and lessons (up to `keep`) go under it. `page[n]` is the document of n's page. */
  function group(docs, page, keep) {
    var groups = [], byPage = Object.create(null);
    docs.forEach(function (doc) {
      var home = page ? page[doc] : doc;
      var existing = byPage[home];
      if (existing === undefined) {
        byPage[home] = groups.length;
        groups.push({ doc: doc, more: [] });
      } else if (groups[existing].more.length < keep) {
        groups[existing].more.push(doc);
      }
    });
    return groups;
  }

  return { Search: Search, parse: parse, words: words, fold: fold, distance: distance, group: group, ALL: ALL };
});
