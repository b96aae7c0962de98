// The phone menu as a disclosure button. Without JavaScript the "Menu" link points at the menu
// (#site-nav) and CSS shows it while it is the target; here the link becomes a real button that
// shows and hides it in place, says whether it is open (aria-expanded), and closes with Escape.
(function () {
  var link = document.querySelector("[data-menu-toggle]");
  var nav = document.getElementById("site-nav");
  if (!link || !nav) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", nav.id);
  link.parentNode.replaceChild(button, link);
  // The "Close menu" link is for pages without JavaScript; the button now does its job.
  var close = nav.querySelector("[data-menu-close]");
  if (close) {
    close.parentNode.parentNode.removeChild(close.parentNode);
  }

  function menuSet(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  // Arriving at #site-nav (a link to the menu) opens it, as it would without JavaScript.
  menuSet(window.location.hash === "#" + nav.id);
  document.documentElement.classList.add("js-menu");

  button.addEventListener("click", function () {
    menuSet(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      menuSet(false);
      button.focus();
    }
  });
})();
