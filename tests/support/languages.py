"""The site's languages in tests: addresses and words as a language has them, and the text a
reader sees on a page in one language (to find words left in another)."""

import re
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import translation

MONTHS_ES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
]  # fmt: skip
# Words that are English and never Spanish: one in a Spanish page's own text is a sentence or
# label left untranslated. Each test adds the words its pages could leave (english_words).
ENGLISH_ONLY_WORDS = (
    "the", "and", "your", "you", "with", "this", "that", "what", "which", "of", "to", "is",
    "are", "our", "we", "for", "from",
)  # fmt: skip
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
LEFT_OUT_TAGS = ("script", "style", "template")


def reverse_in(language: str, name: str, *args) -> str:
    """An address as the pages in `language` link to it."""
    with translation.override(language):
        return reverse(name, args=args)


def es(name: str, *args) -> str:
    """A Spanish address, as the Spanish pages link to it."""
    return reverse_in("es", name, *args)


def text_in(language: str, text) -> str:
    """A translatable text (a lazy string) as a page in `language` says it."""
    with translation.override(language):
        return str(text)


def english_words(*more: str) -> re.Pattern:
    """The English-only words, and `more`, as whole words (case matters)."""
    return re.compile(rf"\b({'|'.join((*ENGLISH_ONLY_WORDS, *more))})\b")


class _ShownText(HTMLParser):
    """The text a reader sees, leaving out scripts and parts marked as another language."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # (tag, left out)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        lang = dict(attrs).get("lang") or ""
        left_out = tag in LEFT_OUT_TAGS or bool(lang and lang != self.language)
        self.open.append((tag, left_out))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not any(left_out for _tag, left_out in self.open):
            self.parts.append(data)


def shown_text(html: str, *, language: str = "es") -> str:
    """The words of the page's body a reader sees in `language`, white space folded."""
    parser = _ShownText(language)
    parser.feed(html.split("<body", 1)[1])
    return " ".join(" ".join(parser.parts).split())


def found_in_context(pattern: re.Pattern, text: str) -> list[str]:
    """Each match of `pattern` in `text`, with 50 characters either side."""
    return [text[max(0, m.start() - 50) : m.end() + 50] for m in pattern.finditer(text)]
