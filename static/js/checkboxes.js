// Exclusive checkboxes, as GOV.UK's checkboxes behave: ticking "None of these" or "Not sure"
// unticks the others in its group, and ticking any other unticks those. Without JavaScript the
// server refuses the mix with a clear message instead.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches('input[type="checkbox"]') || !box.checked) {
      return;
    }
    var group = box.form ? box.form.querySelectorAll('input[type="checkbox"][name="' + box.name + '"]') : [];
    var exclusive = box.getAttribute("data-behaviour") === "exclusive";
    Array.prototype.forEach.call(group, function (other) {
      if (other === box || !other.checked) {
        return;
      }
      if (exclusive || other.getAttribute("data-behaviour") === "exclusive") {
        other.checked = false;
      }
    });
  });
})();
