// Open the answer a link points to (/faq/#driving). Without JavaScript the link still scrolls
// to the question, and the visitor opens it themselves.
(function () {
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
