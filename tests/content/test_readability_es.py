"""Every Spanish page, FAQ answer and summary guidance text reads at an accessible level (#18).

Spanish has its own measure: the Fernández Huerta score, an adaptation of Flesch reading ease
(0 hard to 100 easy), which textstat 0.7.3 computes with Spanish syllable counts. 60 or above
is "normal" to "easy", the level of everyday writing for the public. Sentences stay under 30
words, as in English. The prose is measured as in test_readability.py.
"""

from pathlib import Path

import pytest

from content.checks import LOWEST_SPANISH_SCORE, spanish_reading_score
from tests.support.readability import (
    assert_readable_spanish,
    assert_short_sentences,
    faq_answers_prose,
    guidance_prose,
    pages_prose,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIRECTORY = ROOT / "content" / "pages" / "es"
GUIDANCE_DIRECTORY = ROOT / "screener" / "guidance_texts" / "es"

PAGES = pages_prose(PAGES_DIRECTORY)
ANSWERS = faq_answers_prose(PAGES_DIRECTORY)
GUIDANCE = guidance_prose(GUIDANCE_DIRECTORY)


def score(sentences: list[str]) -> float:
    return spanish_reading_score(sentences=sentences)


def test_the_spanish_measure_tells_plain_from_dense_spanish():
    assert score(["Usted está despierto.", "Alguien lo lleva a casa."]) >= LOWEST_SPANISH_SCORE
    dense = "Las contraindicaciones incluyen enfermedades vasculares aneurismáticas."
    assert score([dense]) < LOWEST_SPANISH_SCORE


def test_every_english_page_has_a_spanish_version_to_check():
    english = ROOT / "content" / "pages"
    assert len(PAGES) == len(list(english.glob("*.md"))) + len(list(english.glob("*.yaml")))
    assert len(GUIDANCE) == len(list((ROOT / "screener" / "guidance_texts").glob("*.md")))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_spanish_page_scores_60_or_above(name):
    assert_readable_spanish(f"es/{name}", PAGES[name])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_spanish_page_sentences_are_under_30_words(name):
    assert_short_sentences(f"es/{name}", PAGES[name])


@pytest.mark.parametrize("question", sorted(ANSWERS))
def test_spanish_faq_answer_scores_60_or_above(question):
    assert_readable_spanish(f"Spanish FAQ answer to {question!r}", ANSWERS[question])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_spanish_summary_guidance_scores_60_or_above(name):
    assert_readable_spanish(f"screener/guidance_texts/es/{name}", GUIDANCE[name])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_spanish_summary_guidance_sentences_are_under_30_words(name):
    assert_short_sentences(f"screener/guidance_texts/es/{name}", GUIDANCE[name])
