"""Every Spanish page, FAQ answer and summary guidance text reads at an accessible level (#18).

Spanish has its own measure: the Fernández Huerta score, an adaptation of Flesch reading ease
(0 hard to 100 easy), which textstat 0.7.3 computes with Spanish syllable counts. 60 or above
is "normal" to "easy", the level of everyday writing for the public. Sentences stay under 30
words, as in English. The prose is measured as in test_readability.py.
"""

from pathlib import Path

import frontmatter
import pytest
import yaml
from textstat.textstat import textstatistics

from tests.support.readability import prose_blocks, sentences

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIRECTORY = ROOT / "content" / "pages" / "es"
GUIDANCE_DIRECTORY = ROOT / "screener" / "guidance_texts" / "es"

LOWEST_SCORE = 60
LONGEST_SENTENCE_WORDS = 29

# Its own instance, so the Spanish syllable rules never leak into the English tests.
spanish = textstatistics()
spanish.set_lang("es")


def score(blocks: list[str]) -> float:
    return spanish.fernandez_huerta(" ".join(blocks))


def faq_files() -> list[Path]:
    return sorted(PAGES_DIRECTORY.glob("*.yaml"))


def page_sources() -> dict[str, list[str]]:
    pages = {
        path.name: prose_blocks(frontmatter.load(path).content)
        for path in sorted(PAGES_DIRECTORY.glob("*.md"))
    }
    for path in faq_files():
        faq = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = prose_blocks(faq.get("intro", ""))
        for item in faq["questions"]:
            blocks += prose_blocks(item["answer"])
        pages[path.name] = blocks
    return pages


def faq_answers() -> dict[str, list[str]]:
    answers = {}
    for path in faq_files():
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            answers[item["question"]] = prose_blocks(item["answer"])
    return answers


def guidance_sources() -> dict[str, list[str]]:
    texts = {}
    for path in sorted(GUIDANCE_DIRECTORY.glob("*.md")):
        post = frontmatter.load(path)
        questions = [str(question).strip() for question in post.get("questions", [])]
        texts[path.name] = prose_blocks(post.content) + questions
    return texts


PAGES = page_sources()
ANSWERS = faq_answers()
GUIDANCE = guidance_sources()


def assert_readable(name: str, blocks: list[str]) -> None:
    assert blocks, f"{name}: no prose found"
    found = score(blocks)
    ranked = sorted(sentences(blocks), key=lambda s: len(s.split()), reverse=True)[:3]
    assert found >= LOWEST_SCORE, (
        f"{name} scores {found} (Fernández Huerta), below {LOWEST_SCORE}. Its longest "
        "sentences:\n" + "\n".join(f"  ({len(s.split())} words) {s}" for s in ranked)
    )


def assert_short_sentences(name: str, blocks: list[str]) -> None:
    too_long = [s for s in sentences(blocks) if len(s.split()) > LONGEST_SENTENCE_WORDS]
    assert not too_long, f"{name} has sentences of 30 words or more:\n" + "\n".join(
        f"  ({len(s.split())} words) {s}" for s in too_long
    )


def test_the_spanish_measure_tells_plain_from_dense_spanish():
    assert score(["Usted está despierto.", "Alguien lo lleva a casa."]) >= LOWEST_SCORE
    dense = "Las contraindicaciones incluyen enfermedades vasculares aneurismáticas."
    assert score([dense]) < LOWEST_SCORE


def test_every_english_page_has_a_spanish_version_to_check():
    english = ROOT / "content" / "pages"
    assert len(PAGES) == len(list(english.glob("*.md"))) + len(list(english.glob("*.yaml")))
    assert len(GUIDANCE) == len(list((ROOT / "screener" / "guidance_texts").glob("*.md")))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_spanish_page_scores_60_or_above(name):
    assert_readable(f"es/{name}", PAGES[name])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_spanish_page_sentences_are_under_30_words(name):
    assert_short_sentences(f"es/{name}", PAGES[name])


@pytest.mark.parametrize("question", sorted(ANSWERS))
def test_spanish_faq_answer_scores_60_or_above(question):
    assert_readable(f"Spanish FAQ answer to {question!r}", ANSWERS[question])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_spanish_summary_guidance_scores_60_or_above(name):
    assert_readable(f"screener/guidance_texts/es/{name}", GUIDANCE[name])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_spanish_summary_guidance_sentences_are_under_30_words(name):
    assert_short_sentences(f"screener/guidance_texts/es/{name}", GUIDANCE[name])
