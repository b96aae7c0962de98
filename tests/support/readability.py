"""The prose of a page or text, as the readability tests measure it.

Only prose counts: the text of paragraphs and list items, each taken as a sentence. Headings and
the list of references (everything after a "References" or "Sources" heading, in either language)
are left out.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import yaml

from clinic_site.markdown import markdown_render

PROSE_TAGS = {"p", "li", "td", "dd"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
END_OF_PROSE_HEADINGS = {"references", "sources", "referencias", "fuentes"}
# A sentence ends at . ! or ?, before a capital (Spanish ones too) or a Spanish ¿ or ¡.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\")]?\s+(?=[\"(\[¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


class ProseExtractor(HTMLParser):
    """Collect the text of each paragraph and list item, until a references heading."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.heading: list[str] | None = None
        self.finished = False

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if self.finished:
            return
        if tag in HEADING_TAGS:
            self.flush()
            self.heading = []
        elif tag in PROSE_TAGS or tag in {"ul", "ol"}:
            # A nested list ends the sentence of the item that holds it.
            self.flush()

    def handle_endtag(self, tag):
        if self.finished:
            return
        if tag in HEADING_TAGS and self.heading is not None:
            title = " ".join("".join(self.heading).split()).strip(" :").lower()
            self.heading = None
            if title in END_OF_PROSE_HEADINGS:
                self.finished = True
        elif tag in PROSE_TAGS:
            # A paragraph that only says "References" stands in for a heading (FAQ answers
            # cannot hold headings).
            if tag == "p" and "".join(self.current).strip(" :").lower() in END_OF_PROSE_HEADINGS:
                self.current = []
                self.finished = True
                return
            self.flush()

    def handle_data(self, data):
        if self.finished:
            return
        if self.heading is not None:
            self.heading.append(data)
        else:
            self.current.append(data)


def prose_blocks(markdown_text: str) -> list[str]:
    """The paragraphs and list items of rendered Markdown, each ending as a sentence."""
    parser = ProseExtractor()
    parser.feed(markdown_render(text=markdown_text))
    parser.close()
    parser.flush()
    blocks = []
    for block in parser.blocks:
        block = block.rstrip(" :;,")
        if not block.endswith((".", "!", "?")):
            block += "."
        blocks.append(block)
    return blocks


def sentences(blocks: list[str]) -> list[str]:
    return [part for block in blocks for part in SENTENCE_BREAK.split(block) if part.strip()]


LONGEST_SENTENCE_WORDS = 29  # "sentences under 30 words"


def pages_prose(directory: Path) -> dict[str, list[str]]:
    """Each page's prose in a folder of sources, by file name; an FAQ's is its intro and every
    answer."""
    pages = {
        path.name: prose_blocks(frontmatter.load(path).content)
        for path in sorted(directory.glob("*.md"))
    }
    for path in sorted(directory.glob("*.yaml")):
        faq = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = prose_blocks(faq.get("intro", ""))
        for item in faq["questions"]:
            blocks += prose_blocks(item["answer"])
        pages[path.name] = blocks
    return pages


def faq_answers_prose(directory: Path) -> dict[str, list[str]]:
    """Each FAQ answer's prose in a folder of sources, by its question."""
    answers = {}
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            answers[item["question"]] = prose_blocks(item["answer"])
    return answers


def guidance_prose(directory: Path) -> dict[str, list[str]]:
    """Each summary guidance text: why it matters, then each question to ask the clinician."""
    texts = {}
    for path in sorted(directory.glob("*.md")):
        post = frontmatter.load(path)
        questions = [str(question).strip() for question in post.get("questions", [])]
        texts[path.name] = prose_blocks(post.content) + questions
    return texts


def longest(blocks: list[str], *, count: int = 3) -> str:
    """The longest sentences, to show where a text is hard going."""
    ranked = sorted(sentences(blocks), key=lambda sentence: len(sentence.split()), reverse=True)
    return "\n".join(f"  ({len(s.split())} words) {s}" for s in ranked[:count])


def assert_short_sentences(name: str, blocks: list[str]) -> None:
    too_long = [s for s in sentences(blocks) if len(s.split()) > LONGEST_SENTENCE_WORDS]
    assert not too_long, f"{name} has sentences of 30 words or more:\n" + "\n".join(
        f"  ({len(s.split())} words) {s}" for s in too_long
    )
