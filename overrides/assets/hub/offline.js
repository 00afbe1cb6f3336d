/* MSHT Knowledge Hub: keeps the published site on the device (sw.js) and offers the next
   edition when one is published: "Updated guidance available — reload". Over HTTP(S) only:
   the file-system edition has everything on disk already. */
(function () {
  "use strict";
  var edition = document.querySelector("[data-hub-edition]");
  if (!edition || !("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) { return; }
  var root = edition.getAttribute("data-hub-root") || ".";
  var banner = document.querySelector("[data-hub-update]");
  var accepted = false;

  function offer(worker) {
    if (!banner) { return; }
    banner.hidden = false;
    banner.querySelector("[data-hub-update-reload]").onclick = function () {
      accepted = true;
      worker.postMessage({ type: "hub-activate" });
    };
  }

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (accepted) { window.location.reload(); }
  });

  /* Register once the page has loaded and settled, so that caching the whole site never
     competes with what the reader opened the page for (a search, on a slow phone). */
  function register() {
    navigator.serviceWorker.register(root + "/sw.js").then(watch).catch(function () {
      /* storage refused: the site still works online */
    });
  }

  /* Essentials come with the first visit; the rest downloads while pages are open, and
     resumes on the next visit where it stopped. */
  function keepGoing() {
    if (!navigator.onLine) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "hub-continue" }); }
    });
  }

  function watch(registration) {
    keepGoing();
    if (registration.waiting && navigator.serviceWorker.controller) { offer(registration.waiting); }
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) { offer(worker); }
      });
    });
    registration.update().catch(function () { /* offline: keep the edition we have */ });
  }

  /* What changed since the edition this device had: the build's edition.json says what each
     page is; the last one seen is kept, and a new one is compared with it. */
  function trackEdition() {
    window.fetch(root + "/edition.json").then(function (response) { return response.ok ? response.json() : null; }).then(function (current) {
      if (!current || !current.pages) { return; }
      var before = null;
      try { before = JSON.parse(window.localStorage.getItem("msht-hub.edition")); } catch (e) { before = null; }
      if (before && before.edition !== current.edition) {
        var changes = { from: before.edition, to: current.edition, added: [], updated: [], removed: [] };
        Object.keys(current.pages).forEach(function (url) {
          var page = { url: url, title: current.pages[url][1] };
          if (!before.pages[url]) { changes.added.push(page); }
          else if (before.pages[url][0] !== current.pages[url][0]) { changes.updated.push(page); }
        });
        Object.keys(before.pages).forEach(function (url) {
          if (!current.pages[url]) { changes.removed.push({ url: url, title: before.pages[url][1] }); }
        });
        window.localStorage.setItem("msht-hub.changes", JSON.stringify(changes));
        document.dispatchEvent(new CustomEvent("hub-edition-changes"));
      }
      if (!before || before.edition !== current.edition) {
        window.localStorage.setItem("msht-hub.edition", JSON.stringify({ edition: current.edition, pages: current.pages }));
      }
    }).catch(function () { /* offline and not saved yet: nothing to compare */ });
  }

  /* Installed to the home screen: ask the browser to keep the copy (Safari deletes a site's
     storage after seven days unused unless it is installed; Chrome evicts it under pressure). */
  if (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches && navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () {});
  }

  function later() {
    if (window.sessionStorage.getItem("msht-hub.removed")) { return; }
    trackEdition();
    window.setTimeout(register, navigator.serviceWorker.controller ? 0 : 1500);
  }
  if (document.readyState === "complete") { later(); } else { window.addEventListener("load", later); }
})();
