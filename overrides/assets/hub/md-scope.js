/* MSHT Knowledge Hub: Material for MkDocs' page helpers (__md_scope, __md_hash, __md_get,
   __md_set), loaded from a file instead of written inline, so that the Content-Security-Policy
   allows no inline script at all (SECURITY.md). The scope comes from data-md-scope. */
(function (script) {
  var scope = new URL((script && script.getAttribute("data-md-scope")) || ".", location);
  window.__md_scope = scope;
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, character) { return (hash << 5) - hash + character.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (error) { /* storage full or refused */ }
  };
})(document.currentScript);
