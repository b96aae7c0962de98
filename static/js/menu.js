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

// Wider screens: the links that would wrap onto a second row go under a "More" button at the
// end of the first, as NHS.UK's header does, so the menu stays one row high however many links
// staff put in it (menu screen). Without JavaScript the menu wraps onto more rows instead; on
// phones the whole menu is behind the "Menu" button above.
(function () {
  var nav = document.getElementById("site-nav");
  var list = nav && nav.querySelector(".site-nav__list");
  if (!list || !nav.dataset.moreLabel) {
    return;
  }
  var phones = window.matchMedia("(max-width: 47.99em)");
  var item = document.createElement("li");
  item.className = "site-nav__more";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "site-nav__more-button";
  button.textContent = nav.dataset.moreLabel;
  button.setAttribute("aria-controls", "site-nav-more");
  var more = document.createElement("ul");
  more.id = "site-nav-more";
  more.className = "site-nav__more-list";
  item.appendChild(button);
  item.appendChild(more);

  function moreOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function moreSet(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    more.hidden = !open;
  }

  function wraps() {
    var first = list.firstElementChild.getBoundingClientRect();
    return list.lastElementChild.getBoundingClientRect().top >= first.bottom;
  }

  function linksFit() {
    moreSet(false);
    if (item.parentNode) {
      while (more.firstElementChild) {
        list.insertBefore(more.firstElementChild, item);
      }
      list.removeChild(item);
    }
    if (phones.matches || !list.firstElementChild || !wraps()) {
      return;
    }
    list.appendChild(item);
    // From the end, each link moves under "More" until the row holds; Home always stays.
    while (wraps() && item.previousElementSibling !== list.firstElementChild) {
      more.insertBefore(item.previousElementSibling, more.firstElementChild);
    }
    // The page being read is under "More": the button is in bold as its link would be.
    button.classList.toggle("is-current", !!more.querySelector("[aria-current]"));
  }

  // Fitted again when the width changes (a window resized, or zoomed in): focus in the menu stays
  // where it was, or goes to "More" when its link moved there, and an open list stays open.
  var width = null;
  function fit() {
    if (list.clientWidth === width) {
      return;
    }
    width = list.clientWidth;
    var focused = nav.contains(document.activeElement) ? document.activeElement : null;
    var open = moreOpen();
    linksFit();
    if (focused && more.contains(focused)) {
      moreSet(open);
    }
    if (focused && focused !== document.activeElement) {
      (focused.offsetParent ? focused : button).focus();
    }
  }

  button.addEventListener("click", function () {
    moreSet(!moreOpen());
  });
  item.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && moreOpen()) {
      event.stopPropagation();
      moreSet(false);
      button.focus();
    }
  });
  // Closed when focus or a click goes elsewhere, so the open list never hides the page.
  item.addEventListener("focusout", function (event) {
    if (!item.contains(event.relatedTarget)) {
      moreSet(false);
    }
  });
  document.addEventListener("click", function (event) {
    if (!item.contains(event.target)) {
      moreSet(false);
    }
  });

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(fit, 100);
  });
  fit();
})();
