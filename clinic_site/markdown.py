"""Markdown to safe HTML: staff write Markdown, visitors only ever receive sanitised HTML."""

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
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
