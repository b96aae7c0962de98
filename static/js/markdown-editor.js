/* The Markdown editor of the admin (content/admin/editor.py): a formatting toolbar above the
   textarea and a live preview beside it. Progressive enhancement: without this script the
   textarea works on its own, and the toolbar and preview stay hidden. No inline scripts or
   styles, no eval: it runs under the site's Content Security Policy. */
(function () {
  "use strict";

  const PREVIEW_DELAY_MS = 600; // after typing stops, so a screen reader is not flooded
  const PREVIEW_FAILED = "Preview not available just now. Your text is safe; save as usual.";
  const PREVIEW_EMPTY = "Nothing to preview yet: start writing in the box.";
  const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

  const HEADING = /^#{1,6}\s+/;
  const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
  const LINE_FORMATS = {
    heading: {prefix: () => "## ", present: /^##\s+(?!#)/, strip: HEADING},
    subheading: {prefix: () => "### ", present: /^###\s+(?!#)/, strip: HEADING},
    bullets: {prefix: () => "- ", present: /^\s*[-*+]\s+/, strip: LIST_ITEM},
    numbers: {prefix: (n) => n + ". ", present: /^\s*\d+[.)]\s+/, strip: LIST_ITEM},
  };

  // Replace start..end with text, through the browser's editing commands where it has them so
  // Ctrl+Z undoes a toolbar change like typing; then select selectStart..selectEnd.
  function replaceRange(textarea, start, end, text, selectStart, selectEnd) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    let done = false;
    try {
      done = text !== "" && document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }
    textarea.setSelectionRange(selectStart, selectEnd);
  }

  // Headings and lists: add the marker to each line of the selection, or take it away if
  // every line has it already. Blank lines go either side, as Markdown needs around a list.
  function linesFormat(textarea, format) {
    const value = textarea.value;
    const caret = textarea.selectionStart === textarea.selectionEnd;
    let selectionEnd = textarea.selectionEnd;
    if (!caret && value[selectionEnd - 1] === "\n") selectionEnd -= 1;
    const selectionStart = textarea.selectionStart;
    const start = selectionStart === 0 ? 0 : value.lastIndexOf("\n", selectionStart - 1) + 1;
    let end = value.indexOf("\n", selectionEnd);
    if (end === -1) end = value.length;
    const lines = value.slice(start, end).split("\n");
    const written = lines.filter((line) => line.trim());
    const targets = written.length ? written : lines;
    const removing = written.length > 0 && written.every((line) => format.present.test(line));
    let number = 0;
    let text = lines.map((line) => {
      if (!targets.includes(line)) return line;
      const bare = line.replace(format.strip, "");
      number += 1;
      return removing ? bare : format.prefix(number) + bare.trimStart();
    }).join("\n");
    const separate = (line) => !removing && line.trim() !== "" && !format.present.test(line);
    const previous = start > 0 ? value.slice(0, start - 1).split("\n").pop() : "";
    const next = end < value.length ? value.slice(end + 1).split("\n")[0] : "";
    const gap = separate(previous) ? "\n" : "";
    const blockStart = start + gap.length;
    const blockEnd = blockStart + text.length;
    text = gap + text + (separate(next) ? "\n" : "");
    replaceRange(textarea, start, end, text, caret ? blockEnd : blockStart, blockEnd);
  }

  // Bold: ** either side of the selection (spaces left outside), or taken away again.
  function bold(textarea) {
    const value = textarea.value;
    let start = textarea.selectionStart;
    let end = textarea.selectionEnd;
    while (start < end && /\s/.test(value[start])) start += 1;
    while (end > start && /\s/.test(value[end - 1])) end -= 1;
    const selected = value.slice(start, end);
    const isBold = value.slice(start - 2, start) === "**" && value.slice(end, end + 2) === "**";
    if (start >= 2 && isBold) {
      replaceRange(textarea, start - 2, end + 2, selected, start - 2, end - 2);
      return;
    }
    const words = selected || "bold text";
    replaceRange(textarea, start, end, "**" + words + "**", start + 2, start + 2 + words.length);
  }

  // What an editor types as an address, made into one Markdown can use.
  function addressTidy(typed) {
    const address = typed.trim().replace(/\s+/g, "%20");
    if (!address || /^[a-z][a-z0-9+.-]*:|^[/#?.]/i.test(address)) return address;
    if (/^[^@/]+@[^@/]+\.[a-z]{2,}$/i.test(address)) return "mailto:" + address;
    if (/^[^/]+\.[a-z]{2,}(?:[/?#]|$)/i.test(address)) return "https://" + address;
    return address;
  }

  function link(textarea, start, end, address) {
    const value = textarea.value;
    while (start < end && /\s/.test(value[start])) start += 1;
    while (end > start && /\s/.test(value[end - 1])) end -= 1;
    const words = value.slice(start, end) || "link text";
    const text = "[" + words + "](" + address + ")";
    const chosen = value.slice(start, end)
      ? [start + text.length, start + text.length]
      : [start + 1, start + 1 + words.length];
    replaceRange(textarea, start, end, text, chosen[0], chosen[1]);
  }

  // The link box: asks for the address in the page (no dialog), Enter adds, Escape cancels.
  function linkBoxWire(editor, textarea) {
    const box = editor.querySelector("[data-markdown-link]");
    const input = box.querySelector("[data-markdown-link-address]");
    let range = [0, 0];
    function close(address) {
      box.hidden = true;
      input.value = "";
      if (address) {
        link(textarea, range[0], range[1], address);
      } else {
        textarea.focus();
        textarea.setSelectionRange(range[0], range[1]);
      }
    }
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // not the page form's submission
        close(addressTidy(input.value));
      } else if (event.key === "Escape") {
        event.preventDefault();
        close("");
      }
    });
    const add = box.querySelector("[data-markdown-link-add]");
    add.addEventListener("click", () => close(addressTidy(input.value)));
    box.querySelector("[data-markdown-link-cancel]").addEventListener("click", () => close(""));
    return function open() {
      range = [textarea.selectionStart, textarea.selectionEnd];
      box.hidden = false;
      input.focus();
    };
  }

  // One Tab stop for the whole toolbar; arrow keys, Home and End move between its buttons
  // (the WAI-ARIA toolbar pattern, with a roving tabindex).
  function toolbarWire(toolbar, act) {
    const buttons = Array.from(toolbar.querySelectorAll("button"));
    function rove(target) {
      buttons.forEach((button) => { button.tabIndex = button === target ? 0 : -1; });
    }
    rove(buttons[0]);
    buttons.forEach((button) => {
      if (IS_MAC) button.title = button.title.replace("Ctrl+", "\u2318");
      button.addEventListener("click", () => act(button.dataset.markdownAction));
    });
    toolbar.addEventListener("focusin", (event) => {
      if (buttons.includes(event.target)) rove(event.target);
    });
    toolbar.addEventListener("keydown", (event) => {
      const index = buttons.indexOf(document.activeElement);
      const moves = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1};
      if (index === -1 || !(event.key in moves)) return;
      event.preventDefault();
      buttons[(moves[event.key] + buttons.length) % buttons.length].focus();
    });
  }

  function previewWire(editor, textarea) {
    const panel = editor.querySelector(".markdown-editor__preview");
    const body = editor.querySelector("[data-markdown-preview]");
    const url = editor.dataset.previewUrl;
    if (!url || !panel || !body) return;
    const key = textarea.id || textarea.name;
    const heading = panel.querySelector("h2");
    heading.id = key + "_preview_heading"; // an admin inline row renumbers the textarea
    panel.setAttribute("aria-labelledby", heading.id);
    panel.hidden = false;
    const idPrefix = key + "-preview-";
    let timer = null;
    let request = null;
    let shown = null;

    function message(text) {
      const paragraph = document.createElement("p");
      paragraph.className = "markdown-editor__preview-message";
      paragraph.textContent = text;
      body.replaceChildren(paragraph);
      shown = null;
    }

    function show(html) {
      if (!html.trim()) {
        message(PREVIEW_EMPTY);
        return;
      }
      // innerHTML is safe here: markdown_render sanitised this HTML with nh3 on the server, the
      // same cleaning every published page gets, so no script, style or handler survives.
      const incoming = document.createElement("template");
      incoming.innerHTML = html;
      const fresh = incoming.content;
      fresh.querySelectorAll("[id]").forEach((element) => { element.id = idPrefix + element.id; });
      fresh.querySelectorAll("a[href]").forEach((anchor) => {
        const href = anchor.getAttribute("href");
        if (href.startsWith("#")) anchor.setAttribute("href", "#" + idPrefix + href.slice(1));
        else anchor.target = "_blank"; // following a link must not lose unsaved writing
      });
      // Replace only the blocks that changed, so a screen reader hears the paragraph being
      // written rather than the whole page again.
      const before = Array.from(body.childNodes);
      const after = Array.from(fresh.childNodes);
      let head = 0;
      const same = (i, j) => before[i].isEqualNode(after[j]);
      while (head < before.length && head < after.length && same(head, head)) head += 1;
      let tail = 0;
      while (tail < before.length - head && tail < after.length - head
        && same(before.length - 1 - tail, after.length - 1 - tail)) tail += 1;
      const anchorNode = before[before.length - tail] || null;
      before.slice(head, before.length - tail).forEach((node) => node.remove());
      after.slice(head, after.length - tail).forEach((node) => body.insertBefore(node, anchorNode));
    }

    async function refresh() {
      const text = textarea.value;
      if (text === shown) return;
      if (request) request.abort();
      request = new AbortController();
      const token = (textarea.form || document).querySelector("[name=csrfmiddlewaretoken]");
      const data = new FormData();
      data.append("text", text);
      // The page's language: the clinic's details (such as [[clinic:hours]]) are shown in it.
      const language = (textarea.form || document).querySelector("[name=language]");
      if (language && language.value) data.append("language", language.value);
      try {
        const response = await fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: {"X-CSRFToken": token ? token.value : ""},
          redirect: "error", // a signed-out session redirects to the login page: not a preview
          signal: request.signal,
        });
        if (!response.ok) throw new Error("preview answered " + response.status);
        const html = await response.text();
        if (textarea.value !== text) return; // typed on meanwhile: the next preview follows
        show(html);
        shown = text;
      } catch (error) {
        if (error.name !== "AbortError") message(PREVIEW_FAILED);
      }
    }

    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, PREVIEW_DELAY_MS);
    });
    refresh();
  }

  // "Add an image" (templates/images/chooser_button.html) and "Add a link"
  // (templates/admin/content/link_chooser_button.html) are run by their own scripts, listed in
  // each one's data-script with the dialog they share (static/js/chooser.js) first: each loaded
  // into the head once, with the first editor that offers it, and run in the order listed.
  function choosersLoad(editor) {
    editor.querySelectorAll("[data-script]").forEach((chooser) => {
      chooser.dataset.script.split(" ").forEach((source) => {
        const loaded = Array.from(document.scripts).some((script) => {
          return script.getAttribute("src") === source;
        });
        if (!source || loaded) return;
        const script = document.createElement("script");
        script.src = source;
        script.async = false; // in order: the shared dialog before the choosers that use it
        document.head.append(script);
      });
    });
  }

  function enhance(editor) {
    const textarea = editor.querySelector("textarea");
    const toolbar = editor.querySelector("[role=toolbar]");
    if (!textarea || !toolbar || editor.dataset.markdownEditorReady) return;
    // The admin's hidden template row of an inline is copied before use: enhance the copy.
    if (editor.closest(".empty-form")) return;
    editor.dataset.markdownEditorReady = "true";
    toolbar.setAttribute("aria-controls", textarea.id);
    const linkOpen = linkBoxWire(editor, textarea);
    const act = (action) => {
      if (action === "bold") bold(textarea);
      else if (action === "link") linkOpen();
      else if (LINE_FORMATS[action]) linesFormat(textarea, LINE_FORMATS[action]);
    };
    toolbarWire(toolbar, act);
    textarea.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const action = {b: "bold", k: "link"}[event.key.toLowerCase()];
      if (!action) return;
      event.preventDefault();
      act(action);
    });
    toolbar.hidden = false;
    previewWire(editor, textarea);
    choosersLoad(editor);
  }

  function enhanceAll(root) {
    root.querySelectorAll("[data-markdown-editor]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  } else {
    enhanceAll(document);
  }
  // A row added to an admin inline (an FAQ answer) brings its own editor.
  document.addEventListener("formset:added", (event) => enhanceAll(event.target));
})();
