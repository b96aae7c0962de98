// "Print or save as PDF": the button stays hidden without JavaScript, where the page instead
// tells people to use the browser's own Print option.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  if (!buttons.length || typeof window.print !== "function") {
    return;
  }
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll("[data-print-fallback]").forEach(function (fallback) {
    fallback.hidden = true;
  });
})();
