// Growth pages: Escape closes a whitespace cell's form (its Cancel link restores the cell
// and puts focus back on it). Everything works without this script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var popover = event.target.closest(".ws-popover");
    var cancel = popover && popover.querySelector(".ws-cancel");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
