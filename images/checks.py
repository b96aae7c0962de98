"""Content checks for images: warnings for the reviewer.

content.checks.page_warnings adds image_warnings to a page's warnings: image_warnings(body=...)
for the body (and each FAQ answer). The one database read is the library's images the text
refers to; pass `library` (id to Image) to ask without the database.

image_words_warnings: what the reviewer of a change to an image's own words sees.
"""

import re
from collections.abc import Mapping

from content.checks import PageWarning

from .forms import alt_text_is_file_name
from .models import Image

# `![alt](address)` and `![alt](address "title")`, and an <img> written as HTML.
MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]*)", re.IGNORECASE)
REFERENCE = re.compile(r"image:(\d+)")


def image_warnings(*, body: str, library: Mapping[int, Image] | None = None) -> list[PageWarning]:
    """Images in this Markdown that a visitor would miss or could not understand."""
    found = [(m.group("alt"), m.group("src"), m.group(0)) for m in MARKDOWN_IMAGE.finditer(body)]
    found += [(None, m.group("src"), m.group(0)) for m in HTML_IMAGE.finditer(body)]
    ids = {int(r.group(1)) for _, src, _ in found if (r := REFERENCE.fullmatch(src))}
    if library is None:
        library = Image.objects.in_bulk(ids) if ids else {}
    warnings = []
    for alt, src, written in found:
        reference = REFERENCE.fullmatch(src)
        if reference is None:
            warnings.append(
                PageWarning(
                    "image-not-from-library",
                    "Images must come from the image library. This one is not shown to "
                    "visitors: upload it to the library, then add it with the “Add an image” "
                    "button under the text.",
                    written,
                )
            )
            continue
        image = library.get(int(reference.group(1)))
        if image is None:
            warnings.append(
                PageWarning(
                    "image-missing",
                    "This image is not in the image library (it may have been deleted), so "
                    "visitors see nothing here. Add an image from the library instead.",
                    written,
                )
            )
            continue
        if image.decorative:
            continue
        shown_alt = (alt or "").strip() or image.alt_text.strip()
        if not shown_alt:
            warnings.append(
                PageWarning(
                    "image-alt-missing",
                    "This image has no alt text, so people who cannot see it miss what it "
                    "shows. Write what it shows between the [ ] brackets.",
                    written,
                )
            )
        elif alt_text_is_file_name(shown_alt):
            warnings.append(
                PageWarning(
                    "image-alt-file-name",
                    "This image's alt text is a file name. Say what the image shows instead.",
                    written,
                )
            )
    return warnings


def image_words_warnings(*, image: Image) -> list[PageWarning]:
    """An image's words as a reviewer checks them: words the site never uses, and alt text
    missing or a file name (the form refuses both, but an old version restored may have them).
    """
    from django.conf import settings

    from editorial.checks import text_warnings

    said = "\n\n".join(text for text in (image.alt_text, image.caption, image.credit) if text)
    warnings = text_warnings(texts={settings.LANGUAGE_CODE: ("", said)}, only={"verdict-words"})
    alt = image.alt_text.strip()
    if image.decorative:
        return warnings
    if not alt:
        warnings.append(
            PageWarning(
                "image-alt-missing",
                "This image has no alt text, so people who cannot see it miss what it shows. "
                "Say what it shows, or tick “decorative only” if it adds nothing.",
            )
        )
    elif alt_text_is_file_name(alt):
        warnings.append(
            PageWarning(
                "image-alt-file-name",
                "This image's alt text is a file name. Say what the image shows instead.",
                alt,
            )
        )
    return warnings
