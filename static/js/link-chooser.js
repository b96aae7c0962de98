/* "Add a link" under the Markdown editor (templates/admin/content/link_chooser_button.html): a
   dialog that finds a page of the site by its title, in English or Spanish (content/admin/
   link_chooser.py, link_chooser_results_view), and inserts a link that names the page,
   [words](page:42), so it follows the page when its address changes. The same dialog writes
   web (https:), email (mailto:) and phone (tel:) links. The dialog itself is
   static/js/chooser.js, which static/js/markdown-editor.js loads before this file. */
(function () {
  "use strict";

  if (window.linkChooserLoaded || !window.clinicChooser) return;
  window.linkChooserLoaded = true;

  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const PHONE = /^\+?[\d\s().-]{7,}$/;
  const WEB = /^https?:\/\/\S+$/i;
  const BARE_WEB = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$/i;

  // What a typed address links to, or {problem} in words for the editor.
  function target(typed) {
    const value = typed.trim();
    if (!value) return {problem: "Write a web address, an email address or a phone number."};
    if (/^mailto:/i.test(value)) return {href: value, words: value.slice(7)};
    if (/^tel:/i.test(value)) return {href: value, words: value.slice(4)};
    if (value.startsWith("/")) {
      return {problem: "For a page of this website, search for it above, so the link " +
        "follows the page if its address changes."};
    }
    if (EMAIL.test(value)) return {href: "mailto:" + value, words: value};
    if (PHONE.test(value) && value.replace(/\D/g, "").length >= 7) {
      return {href: "tel:" + value.replace(/[^\d+]/g, ""), words: value};
    }
    if (WEB.test(value)) return {href: value, words: value};
    if (BARE_WEB.test(value)) return {href: "https://" + value, words: value};
    return {problem: "This is not a web address, an email address or a phone number. " +
      "A web address starts with https://."};
  }

  // Square brackets in the words would end the link text early.
  function markdownWords(words) {
    return words.replace(/([[\]\\])/g, "\\$1");
  }

  function link(chooser, href, fallbackWords) {
    const shown = markdownWords(chooser.part("words").value.trim() || fallbackWords);
    chooser.insert("[" + shown + "](" + href + ")");
  }

  function addAddress(chooser) {
    const address = chooser.part("address");
    const found = target(address.value);
    if (found.problem) {
      chooser.part("error").textContent = found.problem;
      address.setAttribute("aria-invalid", "true");
      address.focus();
      return;
    }
    link(chooser, found.href, found.words);
  }

  window.clinicChooser.start({
    name: "link",
    listKey: "pages",
    loading: "Loading the pages\u2026",
    failed: "The list of pages is not available just now. Your text is safe.",
    oneTabStop: true,
    render(page, button) {
      const text = document.createElement("span");
      const title = document.createElement("strong");
      title.textContent = page.title;
      const about = document.createElement("span");
      about.className = "image-chooser__alt";
      about.textContent = page.language_name + ", " + page.address +
        (page.live ? "" : " (not published yet)");
      text.append(title, about);
      button.append(text);
    },
    counted: (count) => count === 1 ? "1 page. Tab to it, then press Enter to link to it."
      : count + " pages. Tab to one, then press Enter to link to it.",
    none: (query) => query ? "No page's title has \u201c" + query + "\u201d."
      : "There are no pages yet.",
    choose(page, chooser) {
      link(chooser, page.reference, page.title);
    },
    // The words start as the text selected in the editor; with none, they are asked first.
    opening(chooser) {
      const words = chooser.part("words");
      const address = chooser.part("address");
      words.value = chooser.textarea.value.slice(chooser.range[0], chooser.range[1]).trim();
      address.value = "";
      chooser.part("error").textContent = "";
      address.removeAttribute("aria-invalid");
      return words.value ? null : words;
    },
    wire(chooser) {
      const address = chooser.part("address");
      chooser.part("words").addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          chooser.part("search").focus();
        }
      });
      address.addEventListener("keydown", (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          addAddress(chooser);
        }
      });
      address.addEventListener("input", () => {
        chooser.part("error").textContent = "";
        address.removeAttribute("aria-invalid");
      });
      chooser.part("add").addEventListener("click", () => addAddress(chooser));
    },
  });
})();
