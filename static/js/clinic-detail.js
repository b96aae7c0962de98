/* "Insert clinic detail" under a page's Markdown editor
   (templates/admin/content/clinic_detail_button.html): each button puts its token, such as
   [[clinic:phone]], where the cursor is in the editor's text. Without this script the tokens
   are listed to type. No inline code: it runs under the site's Content Security Policy. */
(function () {
  "use strict";

  if (window.clinicDetailLoaded) return;
  window.clinicDetailLoaded = true;

  function show(root) {
    root.querySelectorAll("[data-clinic-detail-token][hidden]").forEach((button) => {
      if (!button.closest(".empty-form")) button.hidden = false;
    });
  }

  // Through the browser's editing command where it has one, so Ctrl+Z takes it out again.
  function insert(textarea, text) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    let done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-clinic-detail-token]");
    if (!button) return;
    const editor = button.closest("[data-markdown-editor]");
    const textarea = editor && editor.querySelector("textarea");
    if (textarea) insert(textarea, button.dataset.clinicDetailToken);
  });

  // The admin adds a FAQ entry's form from a hidden template: show its buttons too.
  document.addEventListener("formset:added", (event) => show(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => show(document));
  } else {
    show(document);
  }
})();
