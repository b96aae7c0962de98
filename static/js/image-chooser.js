/* "Add an image" under the Markdown editor (templates/images/chooser_button.html): a dialog
   that searches the image library (images/admin.py, chooser_results_view) and inserts the
   chosen image's reference, ![alt text](image:42), where the cursor was, as a paragraph of
   its own. The dialog itself is static/js/chooser.js, which static/js/markdown-editor.js loads
   before this file. */
(function () {
  "use strict";

  if (window.imageChooserLoaded || !window.clinicChooser) return;
  window.imageChooserLoaded = true;

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

  window.clinicChooser.start({
    name: "image",
    listKey: "images",
    loading: "Loading the image library\u2026",
    failed: "The image library is not available just now. Your text is safe.",
    render(image, button) {
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
    },
    counted: (count) => count === 1 ? "1 image. Tab to it, then press Enter to add it."
      : count + " images. Tab to one, then press Enter to add it.",
    none: (query) => query ? "No image's title or alt text has \u201c" + query + "\u201d."
      : "The library has no images yet. Upload one first.",
    choose(image, chooser) {
      const [start, end] = chooser.range;
      chooser.insert(asParagraph(chooser.textarea.value, start, end, image.reference));
    },
  });
})();
