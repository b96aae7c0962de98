"""Markdown to safe HTML: staff write Markdown, visitors only ever receive sanitised HTML."""

import html
import re
import threading
from html import escape as html_escape
from html import unescape as html_unescape

import markdown
import nh3
from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "details", "dl", "dt", "em",
    "h2", "h3", "h4", "hr", "li", "ol", "p", "pre", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "td": {"align"},
    "th": {"align", "scope"},
}
MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "toc"]
# One converter per thread, readied for each text by Python-Markdown's reset(): building one
# loads its extensions afresh, which took longer than converting a short text; and a converter
# keeps state while it converts, so threads never share one.
_converters = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS,
            extension_configs={"toc": {"permalink": False}},
            output_format="html",
        )
    return converter


def markdown_unsanitised(*, text: str) -> str:
    """The Markdown as HTML before sanitising: to sanitise, or to read its structure; never to
    send as it is."""
    return _converter().reset().convert(text)


def markdown_render(*, text: str, language: str | None = None) -> str:
    """Render Markdown to HTML with headings anchored, then strip anything unsafe.

    With `language`, the text's own (a page's), the clinic details it names with tokens
    (`[[clinic:phone]]`) are written in, in that language, as the records have them now.
    Without it the tokens stay as typed: the checks read a text's words, not the clinic's."""
    html = markdown_html(text=text)
    if language is None or CLINIC_TOKEN_START not in html:
        return html
    with translation.override(language):
        return clinic_details_render(html=html)


def markdown_html(*, text: str) -> str:
    """The Markdown as sanitised HTML, library images and page links in place."""
    html = markdown_unsanitised(text=text)
    if "<img" not in html:
        return page_links_render(html=html_sanitise(html=html, url_schemes=URL_SCHEMES | {"page"}))
    cleaned = html_sanitise(
        html=html,
        tags=ALLOWED_TAGS | {"img"},
        attributes={**ALLOWED_ATTRIBUTES, "img": {"src", "alt"}},
        url_schemes=URL_SCHEMES | {"image", "page"},
        attribute_filter=_image_reference_filter,
    )
    return page_links_render(html=images_render(html=cleaned))


URL_SCHEMES = {"http", "https", "mailto", "tel"}


def html_sanitise(
    *,
    html: str,
    tags: set[str] = ALLOWED_TAGS,
    attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES,
    url_schemes: set[str] = URL_SCHEMES,
    attribute_filter=None,
) -> str:
    """Keep only these tags and attributes, and links that go to web, mail or phone."""
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=url_schemes,
        attribute_filter=attribute_filter,
        link_rel="noopener noreferrer",
    )


# Images. A page shows only images of the site's library, which Markdown refers to as
# `![alt text](image:42)`: staff never paste an address, and no page loads a picture from
# another site. The sanitiser keeps an <img> only with such a reference; each is then replaced
# by the library's own HTML (settings.MARKDOWN_IMAGE_RENDERER, images.rendering.image_html:
# renditions, srcset, width and height), or by nothing when the image does not exist. Any other
# image, such as `![alt](https://...)`, is dropped here and named by the content checks.
IMAGE_REFERENCE = re.compile(r"image:(\d+)")
IMG_TAG = re.compile(r'<img\b(?:"[^"]*"|[^>"])*>')
IMG_ALONE = re.compile(r'<p>\s*(<img\b(?:"[^"]*"|[^>"])*>)\s*</p>')
IMG_ATTRIBUTE = re.compile(r'\b(src|alt)="([^"]*)"')


def _image_reference_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: `image:` addresses only on an <img>, and only those there."""
    is_reference = IMAGE_REFERENCE.fullmatch(value) is not None
    if tag == "img" and attribute == "src":
        return value if is_reference else None
    if attribute in ("href", "src") and value.startswith("image:"):
        return None
    return value


def images_render(*, html: str) -> str:
    """Replace each sanitised <img src="image:N"> with the library's HTML for image N, in
    document order (the first image shown is fetched first). An image that is a paragraph of
    its own replaces the paragraph, so it can be a figure with its caption."""
    renderer_path = getattr(settings, "MARKDOWN_IMAGE_RENDERER", "")
    renderer = import_string(renderer_path) if renderer_path else None
    pieces, position, shown = [], 0, 0
    for match in IMG_TAG.finditer(html):
        paragraph_start = html.rfind("<p>", position, match.start())
        alone = IMG_ALONE.match(html, paragraph_start) if paragraph_start != -1 else None
        if alone is None or alone.span(1) != match.span():
            alone = None
        start, end = alone.span() if alone else match.span()
        pieces.append(html[position:start])
        position = end
        attributes = dict(IMG_ATTRIBUTE.findall(match.group(0)))
        reference = IMAGE_REFERENCE.fullmatch(attributes.get("src", ""))
        if renderer is None or reference is None:
            continue
        image = renderer(
            image_id=int(reference.group(1)),
            alt=html_unescape(attributes.get("alt", "")),
            first=shown == 0,
            alone=alone is not None,
        )
        if image:
            shown += 1
            pieces.append(f"<p>{image}</p>" if alone and not image.startswith("<figure") else image)
    pieces.append(html[position:])
    return "".join(pieces)


# Links to the site's own pages. The editor's link chooser writes `[words](page:42)`: the link
# names the page, not its address, so it follows the page when its slug changes. Each is
# rendered to the page's current address (settings.MARKDOWN_PAGE_ADDRESS); a page that does not
# exist leaves the words without a link, and the content checks name it. `page:` is kept only as
# a link's href (and only there).
PAGE_LINK_TAG = re.compile(r'<a\b[^>]*?\bhref="page:(\d+)"[^>]*>(.*?)</a>', re.DOTALL)
PAGE_HREF_MALFORMED = re.compile(r'\s+href="page:[^"]*"')  # such as page:faq, not a page's number


def page_links_render(*, html: str) -> str:
    """Replace each sanitised <a href="page:N"> with a link to page N's current address."""
    if 'href="page:' not in html:
        return html
    resolver = import_string(settings.MARKDOWN_PAGE_ADDRESS)

    def address_set(match: re.Match) -> str:
        address = resolver(page_id=int(match.group(1)))
        if not address:
            return match.group(2)
        link = match.group(0)
        return link.replace(f'href="page:{match.group(1)}"', f'href="{html_escape(address)}"', 1)

    return PAGE_HREF_MALFORMED.sub("", PAGE_LINK_TAG.sub(address_set, html))


# The clinic's details. Page text names them with a token, `[[clinic:phone]]`, rather than
# typing them, so a change to the site settings (or to the first place's hours, which the footer
# shows) shows on every page that names them: each token is rendered from the current value by
# settings.MARKDOWN_CLINIC_DETAIL (content.clinic_details.clinic_detail_html), and pages that use
# them are rendered again when those records change. Not `{{ clinic.phone }}`: that is Django
# template syntax, and page text is never a template. An unknown token is left as typed, and
# the content checks name it.
CLINIC_TOKEN_START = "[[clinic:"
CLINIC_TOKEN = re.compile(r"\[\[clinic:([a-z_]+)\]\]")
CODE_PART = re.compile(r"(<(pre|code)\b.*?</\2>)", re.DOTALL)


def clinic_details_render(*, html: str) -> str:
    """Replace each known clinic token in sanitised HTML with the detail's HTML, outside code
    (where staff may write a token to show it)."""
    resolver_path = getattr(settings, "MARKDOWN_CLINIC_DETAIL", "")
    if not resolver_path:
        return html
    resolver = import_string(resolver_path)
    found: dict[str, str | None] = {}

    def detail(match: re.Match) -> str:
        name = match.group(1)
        if name not in found:
            found[name] = resolver(name=name)
        return found[name] if found[name] is not None else match.group(0)

    parts = CODE_PART.split(html)
    # split() keeps the whole code element, then the tag name: text, code, name, text, ...
    for index in range(0, len(parts), 3):
        parts[index] = CLINIC_TOKEN.sub(detail, parts[index])
    return "".join(part for number, part in enumerate(parts) if number % 3 != 2)


TAG_PATTERN = re.compile(r"<[^>]+>")
SPACE_PATTERN = re.compile(r"\s+")
BLOCK_END_PATTERN = re.compile(
    r"</(?:p|h[1-6]|li|dt|dd|td|th|summary|blockquote|pre)>|<br\s*/?>", re.IGNORECASE
)


def html_to_text(*, html_text: str) -> str:
    """Reduce sanitised HTML to plain text for search and excerpts.

    A heading or list item that ends without punctuation is followed by a middle dot, so an
    excerpt never runs a heading into the sentence after it.
    """
    text = html.unescape(TAG_PATTERN.sub(" ", BLOCK_END_PATTERN.sub("\n", html_text)))
    parts = [SPACE_PATTERN.sub(" ", part).strip() for part in text.split("\n")]
    joined = ""
    for part in filter(None, parts):
        if joined:
            joined += " " if joined[-1] in ".?!:;,)" else " · "
        joined += part
    return joined
