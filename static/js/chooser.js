/* What the Markdown editor's choosers share: "Add an image" (static/js/image-chooser.js) and
   "Add a link" (static/js/link-chooser.js). A native <dialog> (the browser keeps focus inside it
   and Escape closes it) that searches an admin JSON list as the editor types, moves through the
   results with the arrow keys, and inserts text where the cursor was, as typing would, so Ctrl+Z
   takes it out again. static/js/markdown-editor.js loads this file before the choosers that use
   it. No inline code: it runs under the site's Content Security Policy.

   window.clinicChooser.start(kind) wires every [data-<name>-chooser] on the page, and those an
   admin inline row adds later. kind says what differs:
     name       "image": the chooser's parts are [data-image-chooser-open], -dialog, -search,
                -status, -results and -close
     listKey    the list in the JSON answer ("images")
     loading, failed   what the status line says while loading, and when the list cannot load
     render(item, button)   fill a result's button
     counted(n), none(query)   the status line for n results, and for none
     choose(item, chooser)   what choosing a result does (chooser.insert(text), usually)
     oneTabStop   true: the results are one Tab stop, the arrow keys move within them
     opening(chooser)   optional: reset the kind's own fields; returns what to focus, else the
                search box
     wire(chooser)   optional: the kind's own fields' listeners
   The chooser object the kind gets: its parts (part(name)), textarea, range (the selection when
   the dialog opened), say(text), insert(text) (closes the dialog and inserts at range).

   window.clinicChooser.insert(textarea, start, end, text) puts text in place of start..end as
   typing would: "Insert clinic detail" (static/js/clinic-detail.js) uses it too. */
(function () {
  "use strict";

  if (window.clinicChooser) return;

  const SEARCH_DELAY_MS = 250;

  // Insert text at start..end through the browser's editing command where it has one.
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

  function wire(element, kind) {
    const attribute = "data-" + kind.name + "-chooser";
    const ready = kind.name + "ChooserReady";
    if (element.dataset[ready] || element.closest(".empty-form")) return;
    const editor = element.closest("[data-markdown-editor]");
    const textarea = editor && editor.querySelector("textarea");
    const part = (name) => element.querySelector("[" + attribute + "-" + name + "]");
    const dialog = part("dialog");
    if (!textarea || !dialog || typeof dialog.showModal !== "function") return;
    element.dataset[ready] = "true";
    // An admin inline row renumbers ids, not aria-labelledby: point it at the heading again.
    const heading = dialog.querySelector("h2");
    if (heading && heading.id) dialog.setAttribute("aria-labelledby", heading.id);
    const open = part("open");
    const search = part("search");
    const status = part("status");
    const results = part("results");
    const url = element.dataset.resultsUrl;
    let timer = null;
    let request = null;
    let chosen = false;

    const chooser = {
      part,
      textarea,
      range: [0, 0],
      say(text) {
        status.textContent = text;
      },
      insert(text) {
        chosen = true;
        dialog.close();
        insert(textarea, chooser.range[0], chooser.range[1], text);
      },
    };

    function show(items, query) {
      results.replaceChildren();
      items.forEach((item) => {
        const row = document.createElement("li");
        row.className = "image-chooser__result";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "image-chooser__choose";
        kind.render(item, button);
        // One Tab stop for the whole list, so Tab goes on to what follows however many there are.
        if (kind.oneTabStop) button.tabIndex = results.childElementCount === 0 ? 0 : -1;
        button.addEventListener("click", () => kind.choose(item, chooser));
        row.append(button);
        results.append(row);
      });
      chooser.say(items.length ? kind.counted(items.length) : kind.none(query));
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
        if (search.value.trim() === query) show(data[kind.listKey], query);
      } catch (error) {
        if (error.name !== "AbortError") {
          results.replaceChildren();
          chooser.say(kind.failed);
        }
      }
    }

    open.addEventListener("click", () => {
      chooser.range = [textarea.selectionStart, textarea.selectionEnd];
      chosen = false;
      search.value = "";
      const first = kind.opening ? kind.opening(chooser) : null;
      chooser.say(kind.loading);
      dialog.showModal();
      (first || search).focus();
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
      if (moves[event.key] < 0) {
        search.focus();
        return;
      }
      const next = buttons[Math.min(moves[event.key], buttons.length - 1)];
      if (kind.oneTabStop) {
        buttons.forEach((button) => { button.tabIndex = button === next ? 0 : -1; });
      }
      next.focus();
    });
    part("close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      if (request) request.abort();
      if (!chosen) open.focus();
    });
    if (kind.wire) kind.wire(chooser);
    open.hidden = false;
  }

  function start(kind) {
    const wireAll = (root) => {
      root.querySelectorAll("[data-" + kind.name + "-chooser]").forEach((element) => {
        wire(element, kind);
      });
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => wireAll(document));
    } else {
      wireAll(document);
    }
    // A row added to an admin inline (an FAQ answer) brings its own editor.
    document.addEventListener("formset:added", (event) => wireAll(event.target));
  }

  window.clinicChooser = {start, insert};
})();
