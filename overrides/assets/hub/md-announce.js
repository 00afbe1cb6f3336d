/* MSHT Knowledge Hub: keeps a dismissed announcement hidden (Material for MkDocs' announce
   restore, as a file rather than an inline script). */
(function () {
  var bar = document.querySelector("[data-md-component=announce]");
  if (!bar) return;
  var content = bar.querySelector(".md-typeset");
  if (content && __md_hash(content.innerHTML) === __md_get("__announce")) bar.hidden = true;
})();
