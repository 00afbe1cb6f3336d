/* MSHT Knowledge Hub: applies the reader's stored colour scheme before the page is drawn
   (Material for MkDocs' palette restore, as a file rather than an inline script). */
(function () {
  var palette = __md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector(light ? "[data-md-color-media='(prefers-color-scheme: light)']"
                                             : "[data-md-color-media='(prefers-color-scheme: dark)']");
    if (input) {
      ["media", "scheme", "primary", "accent"].forEach(function (name) {
        palette.color[name] = input.getAttribute("data-md-color-" + name);
      });
    }
  }
  Object.keys(palette.color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  });
})();
