// Every admin screen: Django's two-box selector (filter_horizontal) puts an aria-label on a bare
// <span> (its magnifier icon), which assistive technology may ignore and axe refuses
// (aria-prohibited-attr). Named as an image, the label is read. The boxes are built when the
// page has loaded, so this runs just after.
window.addEventListener("load", () => {
  window.setTimeout(() => {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }, 0);
});
