/* MSHT Knowledge Hub, preview (mkdocs serve): nothing is kept offline while editing. This
   worker removes any copy saved from an earlier visit and then removes itself, so that every
   edit shows at once. */
"use strict";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("msht-hub-") === 0; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.registration.unregister(); }));
});
