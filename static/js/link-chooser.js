/* "Add a link" under the Markdown editor (templates/admin/content/link_chooser_button.html): a
   dialog that finds a page of the site by its title, in English or Spanish (content/admin/
   link_chooser.py, link_chooser_results_view), and inserts a link that names the page,
   [words](page:42), so it follows the page when its address changes. The same dialog writes
   web (https:), email (mailto:) and phone (tel:) links. A native <dialog>: the browser keeps
   focus inside it and Escape closes it. static/js/markdown-editor.js loads this file once.
   No inline code: it runs under the site's Content Security Policy. */
(function () {
  "use strict";

  if (window.linkChooserLoaded) return;
  window.linkChooserLoaded = true;

  const SEARCH_DELAY_MS = 250;
  const FAILED = "The list of pages is not available just now. Your text is safe.";
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const PHONE = /^\+?[\d\s().-]{7,}$/;
  const WEB = /^https?:\/\/\S+$/i;
  const BARE_WEB = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$/i;

  // Insert text at start..end through the browser's editing command where it has one, so
  // Ctrl+Z takes the link out again like typing.
  function insert(textarea, start, end, text) {
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

  function wire(chooser) {
    if (chooser.dataset.linkChooserReady || chooser.closest(".empty-form")) return;
    const editor = chooser.closest("[data-markdown-editor]");
    const textarea = editor && editor.querySelector("textarea");
    const dialog = chooser.querySelector("[data-link-chooser-dialog]");
    if (!textarea || !dialog || typeof dialog.showModal !== "function") return;
    chooser.dataset.linkChooserReady = "true";
    // An admin inline row renumbers ids, not aria-labelledby: point it at the heading again.
    const heading = dialog.querySelector("h2");
    if (heading && heading.id) dialog.setAttribute("aria-labelledby", heading.id);
    const open = chooser.querySelector("[data-link-chooser-open]");
    const words = chooser.querySelector("[data-link-chooser-words]");
    const search = chooser.querySelector("[data-link-chooser-search]");
    const status = chooser.querySelector("[data-link-chooser-status]");
    const results = chooser.querySelector("[data-link-chooser-results]");
    const address = chooser.querySelector("[data-link-chooser-address]");
    const error = chooser.querySelector("[data-link-chooser-error]");
    const url = chooser.dataset.resultsUrl;
    let range = [0, 0];
    let timer = null;
    let request = null;
    let chosen = false;

    function say(text) {
      status.textContent = text;
    }

    function show(pages, query) {
      results.replaceChildren();
      pages.forEach((page) => {
        const item = document.createElement("li");
        item.className = "image-chooser__result";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "image-chooser__choose";
        const text = document.createElement("span");
        const title = document.createElement("strong");
        title.textContent = page.title;
        const about = document.createElement("span");
        about.className = "image-chooser__alt";
        about.textContent = page.language_name + ", " + page.address +
          (page.live ? "" : " (not published yet)");
        text.append(title, about);
        button.append(text);
        // One Tab stop for the whole list (the arrow keys move within it), so Tab goes on
        // to the address box however many pages are listed.
        button.tabIndex = results.childElementCount === 0 ? 0 : -1;
        button.addEventListener("click", () => choose(page));
        item.append(button);
        results.append(item);
      });
      if (pages.length) {
        say(pages.length === 1 ? "1 page. Tab to it, then press Enter to link to it."
          : pages.length + " pages. Tab to one, then press Enter to link to it.");
      } else {
        say(query ? "No page's title has \u201c" + query + "\u201d." : "There are no pages yet.");
      }
    }

    async function find() {
      const query = search.value.trim();
      if (request) request.abort();
      request = new AbortController();
      try {
        const response = await fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: {Accept: "application/json"},
          redirect: "error", // a signed-out session redirects to the login page
          signal: request.signal,
        });
        if (!response.ok) throw new Error("chooser answered " + response.status);
        const data = await response.json();
        if (search.value.trim() === query) show(data.pages, query);
      } catch (error) {
        if (error.name !== "AbortError") {
          results.replaceChildren();
          say(FAILED);
        }
      }
    }

    function link(href, fallbackWords) {
      chosen = true;
      dialog.close();
      const shown = markdownWords(words.value.trim() || fallbackWords);
      insert(textarea, range[0], range[1], "[" + shown + "](" + href + ")");
    }

    function choose(page) {
      link(page.reference, page.title);
    }

    function addAddress() {
      const found = target(address.value);
      if (found.problem) {
        error.textContent = found.problem;
        address.setAttribute("aria-invalid", "true");
        address.focus();
        return;
      }
      link(found.href, found.words);
    }

    open.addEventListener("click", () => {
      range = [textarea.selectionStart, textarea.selectionEnd];
      chosen = false;
      words.value = textarea.value.slice(range[0], range[1]).trim();
      search.value = "";
      address.value = "";
      error.textContent = "";
      address.removeAttribute("aria-invalid");
      say("Loading the pages\u2026");
      dialog.showModal();
      (words.value ? search : words).focus();
      find();
    });
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(find, SEARCH_DELAY_MS);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // not the page form's submission
        clearTimeout(timer);
        find();
      } else if (event.key === "ArrowDown") {
        const first = results.querySelector("button");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    words.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        search.focus();
      }
    });
    address.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        addAddress();
      }
    });
    address.addEventListener("input", () => {
      error.textContent = "";
      address.removeAttribute("aria-invalid");
    });
    results.addEventListener("keydown", (event) => {
      const buttons = Array.from(results.querySelectorAll("button"));
      const index = buttons.indexOf(document.activeElement);
      if (index === -1) return;
      const moves = {ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1};
      if (!(event.key in moves)) return;
      event.preventDefault();
      if (moves[event.key] < 0) {
        search.focus();
        return;
      }
      const next = buttons[Math.min(moves[event.key], buttons.length - 1)];
      buttons.forEach((button) => { button.tabIndex = button === next ? 0 : -1; });
      next.focus();
    });
    chooser.querySelector("[data-link-chooser-add]").addEventListener("click", addAddress);
    chooser.querySelector("[data-link-chooser-close]").addEventListener("click", () => {
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      if (request) request.abort();
      if (!chosen) open.focus();
    });
    open.hidden = false;
  }

  function wireAll(root) {
    root.querySelectorAll("[data-link-chooser]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => wireAll(document));
  } else {
    wireAll(document);
  }
  // A row added to an admin inline (an FAQ answer) brings its own editor.
  document.addEventListener("formset:added", (event) => wireAll(event.target));
})();
