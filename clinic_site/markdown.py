"""Markdown to safe HTML: staff write Markdown, visitors only ever receive sanitised HTML."""

import html
import re

import markdown
import nh3

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


def markdown_render(*, text: str) -> str:
    """Render Markdown to HTML with headings anchored, then strip anything unsafe."""
    html = markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )
    return html_sanitise(html=html)


def html_sanitise(
    *,
    html: str,
    tags: set[str] = ALLOWED_TAGS,
    attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES,
) -> str:
    """Keep only these tags and attributes, and links that go to web, mail or phone."""
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


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
