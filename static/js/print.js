/* "Print" buttons: progressive enhancement, the page prints as it is without them. */
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
