// The warning before the screener's answers expire (WCAG 2.2.1 Timing Adjustable), after the
// GOV.UK and HMRC timeout dialogs. The server deletes idle answers after data-idle-seconds;
// data-warning-seconds before that, a modal dialog offers to keep them (which saves the session
// on the server, so its expiry moves on) or to delete them now. When the countdown ends, the
// answers are deleted and the page says so. Without JavaScript, the pages state the time limit.
(function () {
  "use strict";
  var dialog = document.querySelector("[data-timeout-dialog]");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return;
  }
  var idleSeconds = Number(dialog.getAttribute("data-idle-seconds"));
  var warningSeconds = Number(dialog.getAttribute("data-warning-seconds"));
  var keepAliveUrl = dialog.getAttribute("data-keep-alive-url");
  var countdown = dialog.querySelector("[data-timeout-countdown]");
  var live = dialog.querySelector("[data-timeout-live]");
  var keepButton = dialog.querySelector("[data-timeout-keep]");
  var deleteForm = dialog.querySelector("[data-timeout-delete]");
  var token = deleteForm.querySelector("[name=csrfmiddlewaretoken]").value;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("screener") : null;
  // The server counts the time limit from when it sent this page; so does the page.
  var navigation = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  var sentAt = navigation ? performance.timeOrigin + navigation.responseStart : Date.now();
  var deadline = sentAt + idleSeconds * 1000;
  // The answers are deleted a moment before the session would expire on its own, so that it is
  // deleted at once rather than left to expire in the session table.
  var MARGIN_SECONDS = 1;
  var announced = null;
  var returnFocus = null;
  var ending = false;

  function text(name, values) {
    var template = dialog.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values && key in values ? values[key] : match;
    });
  }

  function inWords(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var minutesText = minutes === 1 ? text("minute") : text("minutes", { n: minutes });
    var secondsText = rest === 1 ? text("second") : text("seconds", { n: rest });
    if (!minutes) {
      return secondsText;
    }
    if (!rest) {
      return minutesText;
    }
    // "1 minute and 30 seconds": the joining word comes from the page, in its language.
    return text("both", { minutes: minutesText, seconds: secondsText });
  }

  function remainingSeconds() {
    return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  }

  function open() {
    returnFocus = document.activeElement;
    announced = null;
    update(remainingSeconds());
    dialog.showModal();
    keepButton.focus();
  }

  function close() {
    if (!dialog.open) {
      return;
    }
    dialog.close();
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
  }

  function update(remaining) {
    countdown.textContent = inWords(remaining);
    // The visible countdown changes every second; screen readers hear it only every 30
    // seconds in the first minute of the warning and every 15 in the last, so that it does
    // not talk over everything else.
    // The first announcement gives the exact time left.
    var every = remaining > 60 ? 30 : 15;
    var slot = Math.ceil(remaining / every) * every;
    if (slot !== announced) {
      live.textContent = text("live", { time: inWords(announced === null ? remaining : slot) });
      announced = slot;
    }
  }

  function expire() {
    if (ending) {
      return;
    }
    ending = true;
    if (channel) {
      channel.postMessage({ type: "deleted" });
    }
    deleteForm.querySelector("[name=reason]").value = "timeout";
    deleteForm.submit();
  }

  function tick() {
    if (ending) {
      return;
    }
    var remaining = remainingSeconds();
    if (remaining <= MARGIN_SECONDS) {
      expire();
    } else if (remaining > warningSeconds) {
      close();
    } else if (!dialog.open) {
      open();
    } else {
      update(remaining);
    }
  }

  function deadlineSet(seconds, tellOtherTabs) {
    deadline = Date.now() + seconds * 1000;
    if (tellOtherTabs && channel) {
      channel.postMessage({ type: "activity", deadline: deadline });
    }
    tick();
  }

  function keep() {
    keepButton.disabled = true;
    fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status === 410) {
          expire(); // the answers had already gone: say so
          return null;
        }
        if (!response.ok) {
          throw new Error("keep-alive answered " + response.status);
        }
        return response.json().then(function (data) {
          deadlineSet(data.expires_in, true);
        });
      })
      .catch(function () {
        // Loading the page again is also activity, and keeps the answers the same way.
        window.location.assign(window.location.pathname);
      })
      .then(function () {
        keepButton.disabled = false;
      });
  }

  keepButton.addEventListener("click", keep);

  // Escape means "not now" in a dialog: keep the answers, as HMRC's dialog does.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    keep();
  });

  // showModal() makes the page behind inert; Tab and Shift+Tab also wrap round inside the
  // dialog rather than leaving it for the browser's own controls.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") {
      return;
    }
    var controls = dialog.querySelectorAll("button:not([disabled]), [href]");
    var first = controls[0];
    var last = controls[controls.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  deleteForm.addEventListener("submit", function () {
    ending = true;
    if (channel) {
      channel.postMessage({ type: "deleted" });
    }
  });

  if (channel) {
    // Another tab of the screener was used, or its answers were deleted.
    channel.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "activity" && message.deadline > deadline) {
        deadline = message.deadline;
        tick();
      } else if (message.type === "deleted" && !ending) {
        ending = true;
        window.location.replace(window.location.pathname);
      }
    });
    channel.postMessage({ type: "activity", deadline: deadline });
  }

  // Timers in a background tab may run late; check again as soon as the page is seen.
  document.addEventListener("visibilitychange", tick);
  window.setInterval(tick, 1000);
})();
