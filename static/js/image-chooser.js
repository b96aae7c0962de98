/* "Add an image" under the Markdown editor (templates/images/chooser_button.html): a dialog
   that searches the image library (images/admin.py, chooser_results_view) and inserts the
   chosen image's reference, ![alt text](image:42), where the cursor was, as a paragraph of
   its own. A native <dialog>: the browser keeps focus inside it and Escape closes it.
   static/js/markdown-editor.js loads this file once. No inline code: it runs under the
   site's Content Security Policy. */
(function () {
  "use strict";

  if (window.imageChooserLoaded) return;
  window.imageChooserLoaded = true;

  const SEARCH_DELAY_MS = 250;
  const FAILED = "The image library is not available just now. Your text is safe.";

  // Insert text at start..end through the browser's editing command where it has one, so
  // Ctrl+Z takes the image out again like typing.
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

  // The reference on lines of its own, with a blank line either side, as Markdown needs for
  // the image to be a paragraph (and so a figure with its caption) by itself.
  function asParagraph(value, start, end, reference) {
    const before = value.slice(0, start);
    const after = value.slice(end);
    let prefix = "";
    if (before && !before.endsWith("\n\n")) prefix = before.endsWith("\n") ? "\n" : "\n\n";
    let suffix = "";
    if (after && !after.startsWith("\n\n")) suffix = after.startsWith("\n") ? "\n" : "\n\n";
    return prefix + reference + suffix;
  }

  function wire(chooser) {
    if (chooser.dataset.imageChooserReady || chooser.closest(".empty-form")) return;
    const editor = chooser.closest("[data-markdown-editor]");
    const textarea = editor && editor.querySelector("textarea");
    const dialog = chooser.querySelector("[data-image-chooser-dialog]");
    if (!textarea || !dialog || typeof dialog.showModal !== "function") return;
    chooser.dataset.imageChooserReady = "true";
    // An admin inline row renumbers ids, not aria-labelledby: point it at the heading again.
    const heading = dialog.querySelector("h2");
    if (heading && heading.id) dialog.setAttribute("aria-labelledby", heading.id);
    const open = chooser.querySelector("[data-image-chooser-open]");
    const search = chooser.querySelector("[data-image-chooser-search]");
    const status = chooser.querySelector("[data-image-chooser-status]");
    const results = chooser.querySelector("[data-image-chooser-results]");
    const url = chooser.dataset.resultsUrl;
    let range = [0, 0];
    let timer = null;
    let request = null;
    let chosen = false;

    function say(text) {
      status.textContent = text;
    }

    function show(images, query) {
      results.replaceChildren();
      images.forEach((image) => {
        const item = document.createElement("li");
        item.className = "image-chooser__result";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "image-chooser__choose";
        if (image.thumbnail) {
          const thumbnail = document.createElement("img");
          thumbnail.src = image.thumbnail;
          thumbnail.alt = "";
          thumbnail.width = 80;
          thumbnail.height = 60;
          button.append(thumbnail);
        }
        const words = document.createElement("span");
        const title = document.createElement("strong");
        title.textContent = image.title;
        const alt = document.createElement("span");
        alt.className = "image-chooser__alt";
        alt.textContent = image.decorative ? "Decorative (no alt text)" : image.alt;
        words.append(title, alt);
        button.append(words);
        button.addEventListener("click", () => choose(image));
        item.append(button);
        results.append(item);
      });
      if (images.length) {
        say(images.length === 1 ? "1 image. Tab to it, then press Enter to add it."
          : images.length + " images. Tab to one, then press Enter to add it.");
      } else {
        say(query ? "No image's title or alt text has \u201c" + query + "\u201d."
          : "The library has no images yet. Upload one first.");
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
        if (search.value.trim() === query) show(data.images, query);
      } catch (error) {
        if (error.name !== "AbortError") {
          results.replaceChildren();
          say(FAILED);
        }
      }
    }

    function choose(image) {
      chosen = true;
      dialog.close();
      const text = asParagraph(textarea.value, range[0], range[1], image.reference);
      insert(textarea, range[0], range[1], text);
    }

    open.addEventListener("click", () => {
      range = [textarea.selectionStart, textarea.selectionEnd];
      chosen = false;
      search.value = "";
      say("Loading the image library\u2026");
      dialog.showModal();
      search.focus();
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
    results.addEventListener("keydown", (event) => {
      const buttons = Array.from(results.querySelectorAll("button"));
      const index = buttons.indexOf(document.activeElement);
      if (index === -1) return;
      const moves = {ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1};
      if (!(event.key in moves)) return;
      event.preventDefault();
      if (moves[event.key] < 0) search.focus();
      else buttons[Math.min(moves[event.key], buttons.length - 1)].focus();
    });
    chooser.querySelector("[data-image-chooser-close]").addEventListener("click", () => {
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      if (request) request.abort();
      if (!chosen) open.focus();
    });
    open.hidden = false;
  }

  function wireAll(root) {
    root.querySelectorAll("[data-image-chooser]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => wireAll(document));
  } else {
    wireAll(document);
  }
  // A row added to an admin inline (an FAQ answer) brings its own editor.
  document.addEventListener("formset:added", (event) => wireAll(event.target));
})();
