"""Every page, FAQ answer and summary guidance text reads at grade 8 or below.

People reading these pages may be in pain, tired or worried, so they are written for a reading
age of 9 to 11, as NHS.UK pages are (issue 15). The grade is the Flesch-Kincaid grade that
textstat 0.7.3 computes; that release counts syllables with pyphen and needs no network, where
later ones download NLTK data at run time.

The tests read the source files, as shipped, so they need no database. Only prose counts: the
text of paragraphs and list items, each taken as a sentence. Headings, menus and the list of
references (everything after a "References" or "Sources" heading) are left out.
"""

from importlib.metadata import version
from pathlib import Path

import pytest

from content.checks import HIGHEST_GRADE, page_warnings, reading_grade
from tests.support.readability import (
    assert_plain,
    assert_short_sentences,
    faq_answers_prose,
    guidance_prose,
    pages_prose,
    prose,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIRECTORY = ROOT / "content" / "pages"
GUIDANCE_DIRECTORY = ROOT / "screener" / "guidance_texts"

PAGES = pages_prose(PAGES_DIRECTORY)
ANSWERS = faq_answers_prose(PAGES_DIRECTORY)
GUIDANCE = guidance_prose(GUIDANCE_DIRECTORY)


def grade(sentences: list[str]) -> float:
    return reading_grade(sentences=sentences)


def test_the_readability_measure_is_the_offline_release():
    assert version("textstat") == "0.7.3"
    # Plain words score low and a dense sentence scores high, so the measure can tell them apart.
    assert grade(["You stay awake.", "Someone takes you home."]) < HIGHEST_GRADE
    assert grade(["Contraindications include aneurysmal vascular disease."]) > HIGHEST_GRADE


def test_prose_leaves_out_headings_and_the_references():
    sentences = prose("## A heading\n\nSome words\n\n- an item\n\n## References\n\n- Cohen SP")
    assert sentences == ["Some words.", "an item."]


def test_the_review_screen_warns_at_the_grade_these_tests_refuse():
    """The suite and the reviewer's checks are one measure: a text just over the limit fails
    here and is flagged there, with the grade these tests compute."""
    body = "Contraindications include aneurysmal vascular disease and uncontrolled hypertension."
    assert grade(prose(body)) > HIGHEST_GRADE
    warnings = page_warnings(title="A page", summary="", body=body, site_paths={})
    grades = [w.message for w in warnings if w.check == "reading-grade"]
    assert grades and f"grade {grade(prose(body)):.1f}" in grades[0]


def test_every_page_is_checked():
    assert len(PAGES) == len(list(PAGES_DIRECTORY.glob("*.md"))) + 1
    assert len(GUIDANCE) >= 20


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_reads_at_grade_8_or_below(name):
    assert_plain(name, PAGES[name])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_sentences_are_under_30_words(name):
    assert_short_sentences(name, PAGES[name])


@pytest.mark.parametrize("question", sorted(ANSWERS))
def test_faq_answer_reads_at_grade_8_or_below(question):
    assert_plain(f"FAQ answer to {question!r}", ANSWERS[question])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_summary_guidance_reads_at_grade_8_or_below(name):
    assert_plain(f"screener/guidance_texts/{name}", GUIDANCE[name])


@pytest.mark.parametrize("name", sorted(GUIDANCE))
def test_summary_guidance_sentences_are_under_30_words(name):
    assert_short_sentences(f"screener/guidance_texts/{name}", GUIDANCE[name])
