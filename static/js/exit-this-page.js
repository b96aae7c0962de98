// "Exit this page", after the GOV.UK component: the button, or the Shift key pressed 3 times,
// hides the page at once and replaces it with a neutral site in the same tab. Without
// JavaScript the button is a plain link to the same address, which deletes the answers on the
// server and redirects to the neutral site, so one request does both here too.
(function () {
  "use strict";
  var container = document.querySelector("[data-exit-this-page]");
  if (!container) {
    return;
  }
  var button = container.querySelector("[data-exit-this-page-button]");
  var status = document.querySelector("[data-exit-this-page-status]");
  var indicator = container.querySelector("[data-exit-this-page-indicator]");
  var overlay = document.querySelector("[data-exit-this-page-overlay]");
  var exitUrl = button.getAttribute("href");
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("screener") : null;
  var PRESSES = 3;
  var PRESS_WINDOW_MS = 5000;
  var presses = 0;
  var pressTimer = null;
  var lastKeyWasModified = false;

  function say(key) {
    status.textContent = container.getAttribute("data-text-" + key) || "";
  }

  function showPresses() {
    indicator.hidden = presses === 0;
    var dots = indicator.children;
    for (var i = 0; i < dots.length; i += 1) {
      dots[i].classList.toggle("is-on", i < presses);
    }
  }

  function exitPage(tellOtherTabs) {
    document.body.classList.add("exit-this-page--exiting");
    if (overlay) {
      overlay.hidden = false;
    }
    document.title = container.getAttribute("data-text-loading") || "";
    say("loading");
    if (tellOtherTabs && channel) {
      // Other tabs showing the screener or the crisis page leave too.
      channel.postMessage({ type: "exit" });
    }
    // replace(), not assign(): this page leaves the history, so Back cannot return to it.
    window.location.replace(exitUrl);
  }

  function pressesReset() {
    presses = 0;
    showPresses();
    window.clearTimeout(pressTimer);
    pressTimer = null;
  }

  // Pages that explain the button mention the shortcut only when it works.
  document.querySelectorAll("[data-exit-this-page-shortcut]").forEach(function (hint) {
    hint.hidden = false;
  });

  button.addEventListener("click", function (event) {
    event.preventDefault();
    exitPage(true);
  });

  // Count Shift only when pressed on its own: Shift+Tab, or Shift for a capital letter, fires
  // a keyup with shiftKey set first, and the Shift keyup after it is not counted.
  document.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      presses += 1;
      showPresses();
      window.clearTimeout(pressTimer);
      if (presses >= PRESSES) {
        pressesReset();
        exitPage(true);
        return;
      }
      say(presses === 1 ? "two-more" : "one-more");
      pressTimer = window.setTimeout(function () {
        pressesReset();
        say("expired");
      }, PRESS_WINDOW_MS);
    } else if (pressTimer) {
      pressesReset();
      status.textContent = "";
    }
    lastKeyWasModified = event.shiftKey;
  });

  if (channel) {
    channel.addEventListener("message", function (event) {
      if (event.data && event.data.type === "exit") {
        exitPage(false);
      }
    });
  }

  // A page brought back from the browser's memory (Back, after an exit or the end of the time
  // limit) is asked for again, so the server decides what it shows.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.body.classList.remove("exit-this-page--exiting");
    if (overlay) {
      overlay.hidden = true;
    }
    if (container.hasAttribute("data-reload-on-restore")) {
      window.location.reload();
    }
  });
})();
