/* "Insert clinic detail" under a page's Markdown editor
   (templates/admin/content/clinic_detail_button.html): each button puts its token, such as
   [[clinic:phone]], where the cursor is in the editor's text. Without this script the tokens
   are listed to type. The editor's Media loads static/js/chooser.js first, whose insert this
   uses. No inline code: it runs under the site's Content Security Policy. */
(function () {
  "use strict";

  if (window.clinicDetailLoaded) return;
  window.clinicDetailLoaded = true;

  function show(root) {
    root.querySelectorAll("[data-clinic-detail-token][hidden]").forEach((button) => {
      if (!button.closest(".empty-form")) button.hidden = false;
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-clinic-detail-token]");
    if (!button) return;
    const editor = button.closest("[data-markdown-editor]");
    const textarea = editor && editor.querySelector("textarea");
    if (!textarea || !window.clinicChooser) return;
    // As the choosers insert (static/js/chooser.js, loaded first): Ctrl+Z takes it out again.
    const token = button.dataset.clinicDetailToken;
    window.clinicChooser.insert(textarea, textarea.selectionStart, textarea.selectionEnd, token);
  });

  // The admin adds a FAQ entry's form from a hidden template: show its buttons too.
  document.addEventListener("formset:added", (event) => show(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => show(document));
  } else {
    show(document);
  }
})();
