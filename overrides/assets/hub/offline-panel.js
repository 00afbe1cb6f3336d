/* MSHT Knowledge Hub: the "Offline copy" panel. What this device holds (files, bytes,
   edition, when it was saved, whether the browser will keep it), buttons to keep it, update
   it and remove it, progress while it downloads, problems (such as a full device), and which
   pages changed since the reader's last edition. Everything stays on the device. */
(function () {
  "use strict";
  var SAVED = "msht-hub.saved-at:";

  function worker() {
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      return registration && (registration.active || registration.waiting || registration.installing);
    });
  }

  function ask(type) {
    return worker().then(function (active) {
      if (!active) { return null; }
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        active.postMessage({ type: type }, [channel.port2]);
        window.setTimeout(function () { resolve(null); }, 3000);
      });
    });
  }

  function megabytes(bytes) { return (bytes / 1024 / 1024).toFixed(1) + " MB"; }

  function setUp() {
    var panel = document.querySelector("[data-hub-offline-panel]");
    if (!panel || panel.getAttribute("data-ready")) { return; }
    panel.setAttribute("data-ready", "true");
    var missing = document.querySelector("[data-hub-offline-missing]");
    if (missing) { missing.hidden = /\/offline(\/|\.html)?$/.test(window.location.pathname); }
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) { return; }
    panel.hidden = false;
    var field = function (name) { return panel.querySelector("[data-hub-offline='" + name + "']"); };
    var timer = null, waited = 0;

    function show() {
      return Promise.all([ask("hub-status"), navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : null,
                          navigator.storage && navigator.storage.persisted ? navigator.storage.persisted() : false])
        .then(function (answers) {
          var status = answers[0], estimate = answers[1], persisted = answers[2];
          if (!status) {
            waited += 1;
            window.clearTimeout(timer);
            if (waited < 40 && !window.sessionStorage.getItem("msht-hub.removed")) { timer = window.setTimeout(show, 1500); }
            field("files").textContent = "Nothing stored on this device.";
            field("bytes").textContent = estimate ? megabytes(estimate.usage || 0) : "0 MB";
            field("edition").textContent = field("saved").textContent = "–";
          } else {
            var done = status.cached >= status.files;
            if (done && !window.localStorage.getItem(SAVED + status.edition)) {
              try { window.localStorage.setItem(SAVED + status.edition, new Date().toISOString()); } catch (e) { /* private mode */ }
            }
            field("files").textContent = status.cached + " of " + status.files +
              (done ? ": everything is saved" : (status.essentials >= status.essentialsTotal ? " (essentials saved; the rest is downloading)" : " (saving the essentials)"));
            field("bytes").textContent = estimate ? megabytes(estimate.usage || 0) + " (of " + megabytes(status.bytes) + " to download in all)" : megabytes(status.bytes);
            field("edition").textContent = window.mshtHub.editionName(status.edition) + " edition (" + status.edition + ")";
            var saved = window.localStorage.getItem(SAVED + status.edition);
            field("saved").textContent = saved ? window.mshtHub.britishDateTime(saved) : "not finished yet";
            var problem = field("problem");
            problem.hidden = !status.error;
            problem.textContent = status.error === "quota"
              ? "This device ran out of space for the offline copy. Free some space, then tap Update now."
              : (status.error ? "Part of the offline copy could not be downloaded (" + status.error + "). It will try again on your next visit." : "");
            window.clearTimeout(timer);
            if (!done && !status.error) { timer = window.setTimeout(show, 1000); }
          }
          field("persistent").textContent = persisted ? "Yes" : "No: tap “Keep the hub on this device”";
          showChanges();
        });
    }

    function showChanges() {
      var box = panel.querySelector("[data-hub-offline-changes]");
      var changes = null;
      try { changes = JSON.parse(window.localStorage.getItem("msht-hub.changes")); } catch (e) { changes = null; }
      box.hidden = !changes;
      if (!changes) { return; }
      box.querySelector("[data-hub-offline-changes-summary]").textContent =
        "From the " + window.mshtHub.editionName(changes.from) + " edition to the " + window.mshtHub.editionName(changes.to) + " edition: " + changes.added.length + " added, " +
        changes.updated.length + " updated, " + changes.removed.length + " removed.";
      var list = box.querySelector("[data-hub-offline-changes-list]");
      list.textContent = "";
      [["added", "Added"], ["updated", "Updated"], ["removed", "Removed"]].forEach(function (kind) {
        changes[kind[0]].forEach(function (page) {
          var item = document.createElement("li");
          item.appendChild(document.createTextNode(kind[1] + ": "));
          if (kind[0] === "removed") {
            item.appendChild(document.createTextNode(page.title));
          } else {
            var link = document.createElement("a");
            window.mshtHub.setAddress(link, "href", (document.querySelector("[data-hub-edition]").getAttribute("data-hub-root") || ".") + "/" + page.url);
            link.textContent = page.title;
            item.appendChild(link);
          }
          list.appendChild(item);
        });
      });
    }

    document.addEventListener("hub-edition-changes", showChanges);
    panel.querySelector("[data-hub-offline-keep]").addEventListener("click", function () {
      (navigator.storage && navigator.storage.persist ? navigator.storage.persist() : Promise.resolve(false)).then(show);
    });
    panel.querySelector("[data-hub-offline-update]").addEventListener("click", function () {
      navigator.serviceWorker.getRegistration().then(function (registration) {
        return registration ? registration.update().catch(function () {}) : null;
      }).then(function () { return worker(); }).then(function (active) {
        if (active) { active.postMessage({ type: "hub-continue" }); }
        window.setTimeout(show, 300);
      });
    });
    panel.querySelector("[data-hub-offline-remove]").addEventListener("click", function () {
      caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) { return key.indexOf("msht-hub-") === 0; }).map(function (key) { return caches.delete(key); }));
      }).then(function () {
        return navigator.serviceWorker.getRegistrations();
      }).then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }).then(function () {
        Object.keys(window.localStorage).filter(function (key) { return key.indexOf(SAVED) === 0 || key === "msht-hub.changes"; })
          .forEach(function (key) { window.localStorage.removeItem(key); });
        window.sessionStorage.setItem("msht-hub.removed", "1");  /* no new copy is made on this visit */
        show();
      });
    });
    show();
  }

  window.mshtHub.onEveryPage(setUp);
})();
