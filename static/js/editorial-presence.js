// "Being edited by": while this form is open, tell the server every little while that this
// person still has it open (editorial/notifications.py); when they leave without saving, say
// so at once. Without this script the presence the form's opening recorded simply expires.
(function () {
  "use strict";
  const script = document.currentScript;
  const url = script && script.dataset.url;
  const seconds = Number(script && script.dataset.seconds) || 30;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!url || !token || !window.fetch) return;

  const body = (leave) => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (leave) data.append("leave", "1");
    return data;
  };
  const renew = () => {
    fetch(url, { method: "POST", body: body(false), credentials: "same-origin" }).catch(() => {
      // Offline for a moment: the next beat renews it, or it expires as without scripts.
    });
  };
  let timer = window.setInterval(renew, seconds * 1000);

  // Saving clears the presence on the server; saying "left" as well could race the form
  // reopening after "Save and continue editing".
  let submitting = false;
  document.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("pagehide", () => {
    window.clearInterval(timer);
    if (!submitting && navigator.sendBeacon) navigator.sendBeacon(url, body(true));
  });
  // Back to the form from the browser's history: it is open again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    submitting = false;
    renew();
    timer = window.setInterval(renew, seconds * 1000);
  });
})();
