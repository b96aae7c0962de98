"""The prose of the page sources, measured exactly as a reviewer's checks measure a page.

The sentences, the grade, the Spanish score and the limits all come from content/checks.py, so
the suite enforces the level that the review screen shows, and a change to the measure changes
both. What this module adds is reading the sources as shipped (pages, FAQ answers, guidance
texts), so the readability tests need no database.
"""

from pathlib import Path

import frontmatter
import yaml

from clinic_site.markdown import markdown_render
from content.checks import (
    HIGHEST_GRADE,
    LONG_SENTENCE_WORDS,
    LOWEST_SPANISH_SCORE,
    prose_sentences,
    reading_grade,
    spanish_reading_score,
)


def prose(markdown_text: str) -> list[str]:
    """The sentences of rendered Markdown, leaving out headings and references."""
    return prose_sentences(html=markdown_render(text=markdown_text))


def pages_prose(directory: Path) -> dict[str, list[str]]:
    """Each page's prose in a folder of sources, by file name; an FAQ's is its intro and every
    answer."""
    pages = {
        path.name: prose(frontmatter.load(path).content) for path in sorted(directory.glob("*.md"))
    }
    for path in sorted(directory.glob("*.yaml")):
        faq = yaml.safe_load(path.read_text(encoding="utf-8"))
        sentences = prose(faq.get("intro", ""))
        for item in faq["questions"]:
            sentences += prose(item["answer"])
        pages[path.name] = sentences
    return pages


def faq_answers_prose(directory: Path) -> dict[str, list[str]]:
    """Each FAQ answer's prose in a folder of sources, by its question."""
    answers = {}
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            answers[item["question"]] = prose(item["answer"])
    return answers


def guidance_prose(directory: Path) -> dict[str, list[str]]:
    """Each summary guidance text: why it matters, then each question to ask the clinician."""
    texts = {}
    for path in sorted(directory.glob("*.md")):
        post = frontmatter.load(path)
        questions = [str(question).strip() for question in post.get("questions", [])]
        texts[path.name] = prose(post.content) + prose("\n\n".join(questions))
    return texts


def longest(sentences: list[str], *, count: int = 3) -> str:
    """The longest sentences, to show where a text is hard going."""
    ranked = sorted(sentences, key=lambda sentence: len(sentence.split()), reverse=True)
    return "\n".join(f"  ({len(s.split())} words) {s}" for s in ranked[:count])


def assert_plain(name: str, sentences: list[str]) -> None:
    """English: the Flesch-Kincaid grade the review screen shows, at most HIGHEST_GRADE."""
    assert sentences, f"{name}: no prose found"
    found = reading_grade(sentences=sentences)
    assert found <= HIGHEST_GRADE, (
        f"{name} reads at grade {found}, above {HIGHEST_GRADE}. Its longest sentences:\n"
        f"{longest(sentences)}"
    )


def assert_readable_spanish(name: str, sentences: list[str]) -> None:
    """Spanish: the Fernández Huerta score the review screen shows, LOWEST_SPANISH_SCORE or more."""
    assert sentences, f"{name}: no prose found"
    found = spanish_reading_score(sentences=sentences)
    assert found >= LOWEST_SPANISH_SCORE, (
        f"{name} scores {found} (Fernández Huerta), below {LOWEST_SPANISH_SCORE}. Its longest "
        f"sentences:\n{longest(sentences)}"
    )


def assert_short_sentences(name: str, sentences: list[str]) -> None:
    """No sentence as long as the review screen's limit."""
    too_long = [s for s in sentences if len(s.split()) >= LONG_SENTENCE_WORDS]
    assert not too_long, f"{name} has sentences of {LONG_SENTENCE_WORDS} words or more:\n" + (
        "\n".join(f"  ({len(s.split())} words) {s}" for s in too_long)
    )
