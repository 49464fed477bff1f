/* Light or dark, as the operating system or browser prefers: Bootstrap 5.3's colour modes.
   Loaded in <head> before the stylesheets are applied, so a dark page never flashes white.
   An external file, not an inline script: the Content-Security-Policy allows script-src 'self' only. */
(function () {
  "use strict";
  var root = document.documentElement;
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function apply() {
    root.setAttribute("data-bs-theme", query && query.matches ? "dark" : "light");
  }

  apply();
  if (query) {
    if (query.addEventListener) {
      query.addEventListener("change", apply);
    } else if (query.addListener) {
      query.addListener(apply); // Safari before 14
    }
  }
})();
