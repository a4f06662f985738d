// Growth pages: Escape closes a whitespace cell's form (its Cancel link restores the cell
// and puts focus back on it), and after the matrix comes back from a save or a Cancel,
// keyboard focus returns to the cell that was edited. Everything works without this script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var popover = event.target.closest(".ws-popover");
    var cancel = popover && popover.querySelector(".ws-cancel");
    if (cancel) {
      event.preventDefault();
      // A form swapped in moments ago is processed by htmx only after it settles;
      // process the link now so an early Escape still restores the row in place.
      if (window.htmx) window.htmx.process(cancel);
      cancel.click();
    }
  });

  // The matrix names the cell to return to (data-focus, the cell's id); focusing it here
  // rather than relying on `autofocus` alone makes the return certain after every swap.
  function focusCell() {
    var matrix = document.getElementById("matrix");
    var id = matrix && matrix.getAttribute("data-focus");
    var cell = id && document.getElementById(id);
    var link = cell && cell.querySelector(".ws-link[href]");
    if (link && document.activeElement !== link) {
      link.focus({ preventScroll: false });
    }
  }
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && (target.id === "matrix" || !target.isConnected)) focusCell();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusCell);
  else focusCell();
})();
