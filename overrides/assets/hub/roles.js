/* MSHT Knowledge Hub: the chosen role. Remembered on the device (localStorage, which also
   works from file://); narrows the navigation and every listing to that role, and widens
   them again in one tap. Without JavaScript every listing shows everything. */
(function () {
  "use strict";

  var ROLE = "msht-hub.role";
  var SCOPE = "msht-hub.scope"; /* "role" (narrowed) or "all" */

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  function rolebar() { return document.querySelector("[data-hub-rolebar]"); }

  function roles(bar) {
    try { return JSON.parse(bar.getAttribute("data-roles")) || []; } catch (e) { return []; }
  }

  function absolute(base, url) {
    return new URL((base || ".") + "/" + url, window.location.href).href;
  }

  function current(all) {
    var id = read(ROLE);
    for (var i = 0; i < all.length; i++) { if (all[i].id === id) { return all[i]; } }
    return null;
  }

  function narrowListing(listing, role, narrowed) {
    var items = listing.querySelectorAll("[data-roles]");
    var shown = 0;
    items.forEach(function (item) {
      var mine = !narrowed || item.getAttribute("data-roles").split(" ").indexOf(role.id) >= 0;
      item.hidden = !mine;
      if (mine) { shown += 1; }
    });
    listing.querySelectorAll(".hub-group").forEach(function (group) {
      group.hidden = narrowed && !group.querySelector("[data-roles]:not([hidden])");
    });
    return { shown: shown, total: items.length };
  }

  function apply() {
    var bar = rolebar();
    if (!bar) { return; }
    var all = roles(bar);
    var base = bar.getAttribute("data-base");
    var role = current(all);
    var narrowed = !!role && read(SCOPE) !== "all";
    var root = document.documentElement;
    root.setAttribute("data-hub-role", role ? role.id : "");
    root.setAttribute("data-hub-scope", narrowed ? "role" : "all");

    bar.querySelector("[data-hub-rolebar-none]").hidden = !!role;
    bar.querySelector("[data-hub-rolebar-chosen]").hidden = !role;
    if (role) {
      var link = bar.querySelector("[data-hub-rolebar-role]");
      link.textContent = role.label;
      window.mshtHub.setAddress(link, "href", absolute(base, role.url));
    }
    document.querySelectorAll("[data-hub-narrow-toggle]").forEach(function (toggle) {
      toggle.textContent = narrowed ? "Show everything" : (role ? "Only " + role.label : "");
      toggle.setAttribute("aria-pressed", narrowed ? "true" : "false");
    });

    /* The navigation: when narrowed, the "By role" section keeps only the chosen role. */
    var landings = {};
    all.forEach(function (r) { landings[absolute(base, r.url)] = r.id; });
    document.querySelectorAll(".md-nav__link[href]").forEach(function (link) {
      var id = landings[link.href];
      var item = link.closest(".md-nav__item");
      if (id && item) { item.hidden = narrowed && id !== role.id; }
    });

    /* Every listing marked data-hub-listing, and the page's "showing n of m" line. */
    var shown = 0, total = 0;
    document.querySelectorAll("[data-hub-listing]").forEach(function (listing) {
      var counts = narrowListing(listing, role || { id: "" }, narrowed);
      shown += counts.shown;
      total += counts.total;
    });
    document.querySelectorAll("[data-hub-narrowed]").forEach(function (note) {
      note.hidden = !narrowed;
      note.querySelector("[data-hub-narrowed-text]").textContent = narrowed
        ? "Showing " + shown + " of " + total + " for " + role.label + "." : "";
    });

    document.querySelectorAll("[data-hub-choose-role]").forEach(function (choice) {
      if (role && choice.getAttribute("data-hub-choose-role") === role.id) {
        choice.setAttribute("aria-current", "true");
      } else {
        choice.removeAttribute("aria-current");
      }
    });
    document.querySelectorAll("[data-hub-role-adopt]").forEach(function (offer) {
      offer.hidden = !!role && offer.getAttribute("data-hub-role-adopt") === role.id;
    });

    /* The home page: a remembered role opens on its essentials, not on the chooser again. */
    var chooser = document.querySelector("[data-hub-chooser]");
    var choosing = window.location.hash === "#roles" || !role;
    if (chooser) { chooser.hidden = !choosing; }
    document.querySelectorAll("[data-hub-essentials-for]").forEach(function (section) {
      section.hidden = choosing || section.getAttribute("data-hub-essentials-for") !== role.id;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var choice = target && target.closest("[data-hub-choose-role]");
    if (choice) {
      write(ROLE, choice.getAttribute("data-hub-choose-role"));
      write(SCOPE, "role");
      apply(); /* a link then goes on to the role's landing page */
      return;
    }
    if (target && target.closest("[data-hub-change-role]")) {
      window.location.hash = "roles"; /* takes the reader to the chooser, which apply() now shows */
      apply();
      return;
    }
    var toggle = target && target.closest("[data-hub-narrow-toggle]");
    if (toggle) {
      write(SCOPE, read(SCOPE) === "all" ? "role" : "all");
      apply();
    }
  });

  window.addEventListener("hashchange", apply);
  window.mshtHub.onEveryPage(apply); /* hub.js loads first */
})();
