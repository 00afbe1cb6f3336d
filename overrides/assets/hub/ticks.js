/* MSHT Knowledge Hub: the tick boxes of action prompts, and the encounter they belong to.

   A tick belongs to the current encounter (one scene, one person): a date, an optional
   incident reference the officer types, and the ticks of each page with the time of each.
   A new encounter starts by choice, and is offered once the current one is 12 hours old.
   "Clear ticks" asks first, and both clearing and a new encounter can be undone. "Copy for
   my notes" puts a plain-text record on the clipboard (and opens the share sheet where the
   browser has one). Everything is kept on this device (localStorage) and never sent.

   Nothing here moves a prompt: the counts and buttons live in the bar fixed to the bottom
   of the screen, and each prompt's line for its tick time is reserved in the page. */
(function () {
  "use strict";

  var KEY = "msht-hub.encounter";
  var UNDO = "msht-hub.encounter.undo";
  var OFFER_AFTER_MS = 12 * 60 * 60 * 1000;
  var hub = window.mshtHub;

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, value) {
    try {
      if (value) { window.localStorage.setItem(key, JSON.stringify(value)); } else { window.localStorage.removeItem(key); }
    } catch (e) { /* private mode: kept until the page is left */ }
  }

  var memory = null; /* where localStorage is refused */
  function fresh() { return { started: null, ref: "", kept: null, pages: {} }; }
  function load() {
    var encounter = read(KEY) || memory;
    if (!encounter || typeof encounter !== "object" || !encounter.pages) { encounter = fresh(); }
    return encounter;
  }
  function save(encounter) { memory = encounter; write(KEY, encounter); }
  function count(encounter) {
    return Object.keys(encounter.pages).reduce(function (n, path) { return n + Object.keys(encounter.pages[path].ticks || {}).length; }, 0);
  }

  function path() { return window.location.pathname; }
  function boxes() { return document.querySelectorAll("input[data-hub-tick]"); }
  function promptText(box) {
    var text = box.closest("label") && box.closest("label").querySelector(".task-list-text");
    return text ? text.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function pageTitle() {
    var h1 = document.querySelector(".md-content h1");
    return h1 ? h1.textContent.replace(/¶/g, "").trim() : document.title;
  }
  function edition() {
    var line = document.querySelector("[data-hub-edition]");
    return line ? { id: line.getAttribute("data-hub-edition"), date: line.getAttribute("data-hub-edition-date") } : null;
  }
  function part(name) { return document.querySelector("[data-hub-" + name + "]"); }

  /* The page's entry in the encounter, made when its first prompt is ticked. */
  function entry(encounter, make) {
    var here = encounter.pages[path()];
    if (!here && make) {
      here = encounter.pages[path()] = { title: pageTitle(), url: window.location.href.split("#")[0], total: boxes().length, ticks: {} };
    }
    return here || null;
  }

  function sameDay(a, b) { return hub.britishDate(a) === hub.britishDate(b); }
  function when(iso, started) { return started && sameDay(iso, started) ? hub.clock(iso) : hub.britishDateTime(iso, true); }

  function show() {
    var all = boxes();
    var bar = part("ticks");
    if (!all.length) { return; }
    var encounter = load();
    var here = entry(encounter, false);
    var ticks = here ? here.ticks : {};
    all.forEach(function (box) {
      var at = ticks[box.getAttribute("data-hub-tick")];
      box.checked = !!at;
      var stamp = box.closest("label") && box.closest("label").querySelector("[data-hub-ticked-at]");
      if (stamp) { stamp.textContent = at ? "Ticked " + when(at.at, encounter.started) : ""; }
    });
    if (!bar) { return; }
    var ticked = Object.keys(ticks).length;
    part("ticks-status").textContent = ticked ? ticked + " of " + all.length + " ticked" : "0 of " + all.length + " ticked";
    part("ticks-when").textContent = (encounter.started ? " · from " + when(encounter.started, new Date().toISOString()) : "") + (encounter.ref ? " · Ref " + encounter.ref : "");
    part("encounter-started").textContent = encounter.started
      ? "Started " + hub.britishDateTime(encounter.started) + "; " + count(encounter) + " ticked in all."
      : "Starts with your first tick.";
    var ref = part("encounter-ref");
    if (ref && document.activeElement !== ref) { ref.value = encounter.ref || ""; }
    offerNew(encounter);
  }

  /* A note in the bar: the 12-hour offer, or what was just cleared with its Undo. */
  var noteAction = null;
  function note(text, action, label, closable) {
    var box = part("ticks-note");
    if (!box) { return; }
    box.hidden = !text;
    part("ticks-note-text").textContent = text || "";
    var button = part("ticks-note-action");
    button.hidden = !action;
    button.textContent = label || "";
    noteAction = action || null;
    part("ticks-note-close").hidden = !closable;
  }

  var offered = false;
  function offerNew(encounter) {
    var old = encounter.started && Date.now() - Date.parse(encounter.kept || encounter.started) > OFFER_AFTER_MS && count(encounter);
    if (old) {
      offered = true;
      note("This encounter began " + hub.britishDateTime(encounter.started, true) + ". A new scene?", newEncounter, "New encounter", true);
    } else if (offered) {
      offered = false;
      note("");
    }
  }

  function remember(previous, what) { write(UNDO, { what: what, encounter: previous }); }
  function undo() {
    var saved = read(UNDO);
    if (saved && saved.encounter) { save(saved.encounter); }
    write(UNDO, null);
    note("");
    show();
  }

  function newEncounter() {
    var previous = load();
    remember(previous, "new");
    save(fresh());
    closeSheets();
    show();
    note(count(previous) ? "New encounter started; the last one's ticks are put away." : "New encounter started.", count(previous) ? undo : null, "Undo");
  }

  function clearTicks() {
    var encounter = load();
    var here = entry(encounter, false);
    var ticked = here ? Object.keys(here.ticks).length : 0;
    remember(JSON.parse(JSON.stringify(encounter)), "clear");
    delete encounter.pages[path()];
    if (!count(encounter)) { encounter.started = null; encounter.kept = null; }
    save(encounter);
    part("ticks-confirm").hidden = true;
    closeSheets();
    show();
    note(ticked + (ticked === 1 ? " tick" : " ticks") + " cleared.", undo, "Undo");
  }

  /* The record for an officer's notes: plain text, British dates, 24-hour times. */
  function notesText() {
    var encounter = load();
    var here = entry(encounter, false);
    var lines = [pageTitle()];
    lines.push("Encounter: " + (encounter.started ? hub.britishDateTime(encounter.started) : "no prompts ticked yet"));
    lines.push("Incident reference: " + (encounter.ref || "none given"));
    var pages = Object.keys(encounter.pages).sort(function (a, b) { return a === path() ? -1 : (b === path() ? 1 : 0); });
    if (!here) { pages.unshift(path()); }
    pages.forEach(function (key) {
      var page = encounter.pages[key] || { title: pageTitle(), total: boxes().length, ticks: {} };
      var ticks = Object.keys(page.ticks).map(function (n) { return page.ticks[n]; }).sort(function (a, b) { return a.at < b.at ? -1 : 1; });
      lines.push("");
      if (key !== path()) { lines.push(page.title + (page.url ? " (" + page.url + ")" : "")); }
      lines.push("Ticked " + ticks.length + " of " + page.total + ":");
      ticks.forEach(function (tick) { lines.push(when(tick.at, encounter.started) + "  " + tick.text); });
    });
    var ed = edition();
    lines.push("");
    if (ed) { lines.push("Edition: " + (ed.date ? hub.britishDate(ed.date + "T12:00:00") : hub.editionName(ed.id)) + " (" + ed.id + ")"); }
    lines.push("Address: " + window.location.href.split("#")[0]);
    lines.push("Copied " + hub.britishDateTime(Date.now()) + ". Kept on this device only.");
    return lines.join("\n");
  }

  function copyNotes(button) {
    var text = notesText();
    var done = function () { note("Copied for your notes. Paste it into your notebook app."); };
    var shown = function () {
      var field = part("notes-text");
      field.value = text;
      field.hidden = false;
      var sheet = part("encounter");
      if (sheet) { sheet.open = true; }
      field.focus();
      field.select();
      note("Copy the text in the Encounter panel.");
    };
    var share = function () {
      if (navigator.share) {
        navigator.share({ title: pageTitle(), text: text }).catch(function () { /* the reader closed the share sheet */ });
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(); share(); }, function () { shown(); share(); });
    } else {
      shown();
      share();
    }
    return button;
  }

  function closeSheets(except) {
    document.querySelectorAll("details[data-hub-more][open]").forEach(function (sheet) {
      if (sheet !== except) { sheet.open = false; }
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-hub-tick")) { return; }
    var encounter = load();
    var now = new Date().toISOString();
    if (box.checked) {
      if (!encounter.started || !count(encounter)) { encounter.started = now; encounter.kept = null; }
      entry(encounter, true).ticks[box.getAttribute("data-hub-tick")] = { at: now, text: promptText(box) };
    } else {
      var here = entry(encounter, false);
      if (here) { delete here.ticks[box.getAttribute("data-hub-tick")]; }
      if (here && !Object.keys(here.ticks).length) { delete encounter.pages[path()]; }
    }
    save(encounter);
    show();
  });

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.hasAttribute("data-hub-encounter-ref")) { return; }
    var encounter = load();
    encounter.ref = field.value.trim();
    save(encounter);
    show();
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var sheet = target.closest("details[data-hub-more]");
    closeSheets(sheet); /* a tap anywhere else closes an open sheet */
    if (target.closest("[data-hub-notes-copy]")) { copyNotes(target.closest("[data-hub-notes-copy]")); return; }
    if (target.closest("[data-hub-encounter-new]")) { newEncounter(); return; }
    if (target.closest("[data-hub-ticks-clear]")) {
      var here = entry(load(), false);
      var ticked = here ? Object.keys(here.ticks).length : 0;
      if (!ticked) { note("Nothing to clear."); return; }
      part("ticks-confirm-text").textContent = "Clear " + (ticked === 1 ? "the tick" : "all " + ticked + " ticks") + " on this page?";
      part("ticks-confirm").hidden = false;
      part("ticks-clear-yes").focus();
      return;
    }
    if (target.closest("[data-hub-ticks-clear-yes]")) { clearTicks(); return; }
    if (target.closest("[data-hub-ticks-clear-no]")) { part("ticks-confirm").hidden = true; return; }
    if (target.closest("[data-hub-ticks-note-action]")) { if (noteAction) { noteAction(); } return; }
    if (target.closest("[data-hub-ticks-note-close]")) {
      var encounter = load();
      encounter.kept = new Date().toISOString(); /* offered again 12 hours from now */
      save(encounter);
      offered = false;
      note("");
    }
  });

  window.addEventListener("storage", function (event) { if (event.key === KEY) { show(); } });
  hub.encounter = { load: load, notesText: notesText };
  hub.onEveryPage(show);
})();
