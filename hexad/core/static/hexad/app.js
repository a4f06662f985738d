// Hexad's own small script: progressive enhancements only; every page works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // The language switcher changes the language as soon as another one is picked.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form) form.requestSubmit();
  });
  // After an HTMX swap, move focus to the first field with an error so keyboard and
  // screen-reader users land on it.
  // With hx-swap="outerHTML" the swap target is detached: look in the element htmx
  // dispatched the event on, which is the new content.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var root = event.target && event.target.isConnected ? event.target : document;
    var invalid = root.querySelector("[aria-invalid='true']");
    if (invalid) invalid.focus();
  });
})();
