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
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.detail.target.querySelector("[aria-invalid='true']");
    if (invalid) invalid.focus();
  });
})();
