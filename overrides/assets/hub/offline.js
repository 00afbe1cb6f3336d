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

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) { offer(registration.waiting); }
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && navigator.serviceWorker.controller) { offer(worker); }
      });
    });
    registration.update().catch(function () { /* offline: keep the edition we have */ });
  }

  function later() { window.setTimeout(register, navigator.serviceWorker.controller ? 0 : 3000); }
  if (document.readyState === "complete") { later(); } else { window.addEventListener("load", later); }
})();
