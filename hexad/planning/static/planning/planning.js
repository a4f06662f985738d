// Planning pages: progressive enhancements only; every page works without this script.
// (The review form's attendee picker is Hexad's shared type-ahead, hexad/picker.js.)
(function () {
  "use strict";

  // A plan row edited in place: Escape restores the row (its Cancel link, which puts
  // focus back on the row's "Edit" link).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var form = event.target.closest("form.row-edit");
    var cancel = form && form.querySelector(".row-cancel");
    if (cancel) {
      event.preventDefault();
      // A form swapped in moments ago is processed by htmx only after it settles;
      // process the link now so an early Escape still restores the row in place.
      if (window.htmx) window.htmx.process(cancel);
      cancel.click();
    }
  });
})();
