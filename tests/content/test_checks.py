"""The checks a clinical reviewer sees before publishing: each fires on a page written to trip it,
stays quiet on a clean page, and stays quiet on the pages shipped in content/pages/.

The checks are pure functions, so these tests need no database and no client; only
site_paths_get, which builds what the admin passes in, reads the database.
"""

from importlib.metadata import version
from pathlib import Path

import frontmatter
import pytest
import yaml

from clinic_site.markdown import markdown_render
from content.checks import (
    PageWarning,
    page_warnings,
    prose_sentences,
    reading_grade,
    site_paths_get,
)
from content.models import Page, PageRedirect
from content.services import page_save
from editorial.workflow import draft_save

PAGES_DIRECTORY = Path(__file__).resolve().parents[2] / "content" / "pages"
FIXED_PATHS = ["/", "/screener/", "/contact/", "/need-help-now/", "/privacy/", "/search/"]
FIXED_PATHS_SPANISH = [
    "/es/", "/es/cuestionario/", "/es/contacto/", "/es/ayuda-urgente/", "/es/privacidad/",
    "/es/buscar/",
]  # fmt: skip
SITE_PATHS = {
    **dict.fromkeys(FIXED_PATHS, True),
    "/side-effects-and-safety/": True,
    "/what-to-expect/": True,
    "/coming-soon/": False,
}
CLEAN_BODY = """\
Ketamine is a medicine. Doctors use it to put people to sleep for operations. In small doses it
can ease some kinds of long-term pain.

## What happens at a session

You sit in a comfortable chair. A nurse puts a thin tube into a vein in your arm.

- The nurse checks your blood pressure.
- You stay awake the whole time.
- Someone takes you home afterwards.

### How it may feel

You may feel dreamy or far away. This wears off within an hour or two.

Read about [side effects and safety](/side-effects-and-safety/) or
[answer our questions](/screener/) before you see a clinician.

## References

- Cohen SP, et al. Consensus Guidelines on the Use of Intravenous Ketamine Infusions for Chronic
  Pain. *Regional Anesthesia and Pain Medicine* 2018;43(5):521-546.
"""
CLEAN_PAGE = {
    "title": "What happens at a ketamine session",
    "summary": "What happens when you come to the clinic for ketamine, and how it may feel.",
    "body": CLEAN_BODY,
    "faq_answers": ("You stay for about an hour afterwards. [Ask us](/contact/) if unsure.",),
    "site_paths": SITE_PATHS,
}


def warnings_for(**changes) -> list[PageWarning]:
    return page_warnings(**{**CLEAN_PAGE, **changes})


def checks_for(**changes) -> list[str]:
    return [warning.check for warning in warnings_for(**changes)]


def body_with(text: str) -> str:
    """The clean body with `text` added before its references."""
    return CLEAN_BODY.replace("## References", f"{text}\n\n## References")


def test_a_clean_page_has_no_warnings():
    assert warnings_for() == []


# Verdict words


def test_a_page_that_says_eligible_is_flagged():
    (warning,) = warnings_for(body=body_with("You may be eligible for ketamine therapy."))
    assert warning.check == "verdict-words"
    assert '"eligible"' in warning.message
    assert "discuss with your clinician" in warning.message
    assert warning.detail == "You may be eligible for ketamine therapy."


@pytest.mark.parametrize(
    "sentence",
    [
        "Find out if you QUALIFY.",
        "Ketamine qualifies as a pain medicine.",
        "Check your eligibility today.",
        "You could be a good candidate.",
        "Results are guaranteed.",
        "We guarantee you will feel better.",
        "Ketamine cures depression.",
        "There are no side effects.",
        "There are no\nside effects.",
    ],
)
def test_every_verdict_word_is_flagged_whatever_its_case(sentence):
    assert checks_for(body=body_with(sentence)) == ["verdict-words"]


def test_verdict_words_are_matched_as_whole_words_only():
    text = "The clinic is secure. A qualified nurse is with you. Stay with a procurement team."
    assert checks_for(body=body_with(text)) == []


def test_verdict_words_in_the_title_summary_and_faq_answers_are_flagged():
    assert checks_for(title="A guaranteed way to ease pain") == ["verdict-words"]
    summary = "Find out whether you qualify for ketamine therapy and what it costs at the clinic."
    assert checks_for(summary=summary) == ["verdict-words"]
    assert checks_for(faq_answers=["Ketamine cures nothing on its own."]) == ["verdict-words"]


def test_a_word_used_many_times_is_one_warning_showing_the_first_few_sentences():
    text = " ".join(f"Sentence {number} says eligible." for number in range(1, 6))
    (warning,) = warnings_for(body=body_with(text))
    assert "(5 times)" in warning.message
    assert warning.detail.splitlines() == [
        "Sentence 1 says eligible.",
        "Sentence 2 says eligible.",
        "Sentence 3 says eligible.",
        "…and 2 more",
    ]


def test_the_titles_of_cited_sources_are_not_checked_for_verdict_words():
    body = CLEAN_BODY + "- Smith J. Is ketamine a cure for pain? *Pain* 2020;1:1-2.\n"
    assert checks_for(body=body) == []


# Reading grade


def test_a_page_above_grade_8_is_flagged():
    dense = (
        "Contraindications include aneurysmal vascular disease and uncontrolled hypertension. "
        "Intravenous administration necessitates continuous haemodynamic monitoring.\n\n"
        "Ketamine is a medicine.\n\n## References\n\n- Cohen SP, et al. Consensus guidelines."
    )
    (warning,) = warnings_for(body=dense)
    assert "grade" in warning.message
    assert "8 or below" in warning.message
    grade = warning.message.split("grade ")[1].split(";")[0]
    assert float(grade) > 8 and len(grade.split(".")[1]) == 1
    assert "Contraindications include aneurysmal" in warning.detail.splitlines()[0]
    assert len(warning.detail.splitlines()) == 2


def test_a_sentence_of_30_words_or_more_is_flagged():
    long_sentence = " ".join(["You can go home"] * 8) + "."  # 32 short words
    (warning,) = warnings_for(body=body_with(long_sentence))
    assert warning.check == "reading-grade"
    assert "30 words or more" in warning.message
    assert warning.detail == long_sentence
    assert checks_for(body=body_with(" ".join(["Go home"] * 14) + ".")) == []  # 28 words


def test_prose_leaves_out_headings_and_the_references():
    html = markdown_render(
        text="## A heading\n\nSome words\n\n- an item\n\n## References\n\n- Cohen SP. A study."
    )
    assert prose_sentences(html=html) == ["Some words.", "an item."]


def test_prose_stops_at_a_references_paragraph_in_an_faq_answer():
    html = markdown_render(text="Our answers come from guidelines.\n\n**References**\n\n- Cohen.")
    assert prose_sentences(html=html) == ["Our answers come from guidelines."]


def test_prose_splits_paragraphs_into_sentences_and_ends_list_items_as_sentences():
    html = markdown_render(text='She said "stop." Then it ended. Next one!\n\n- first\n- second:')
    assert prose_sentences(html=html) == [
        'She said "stop."',
        "Then it ended.",
        "Next one!",
        "first.",
        "second.",
    ]


def test_the_reading_grade_tells_plain_words_from_dense_ones():
    assert version("textstat") == "0.7.3"  # the release that works offline
    assert reading_grade(sentences=["You stay awake.", "Someone takes you home."]) < 8
    assert reading_grade(sentences=["Contraindications include aneurysmal vascular disease."]) > 8


def test_a_long_references_list_does_not_count_towards_the_grade():
    citation = (
        "- Cotter S, et al. Repeated or Continuous Medically Supervised Ketamine Administration "
        "Associated with Hepatobiliary Adverse Events: A Retrospective Case Series.\n"
    )
    assert checks_for(body=CLEAN_BODY + citation * 5) == []


# Headings


def test_a_heading_that_skips_a_level_is_flagged():
    body = CLEAN_BODY.replace("### How it may feel", "#### How it may feel")
    (warning,) = warnings_for(body=body)
    assert warning.check == "heading-skip"
    assert '"How it may feel" skips a level' in warning.message
    assert "Use ###" in warning.message
    assert warning.detail == "How it may feel"


def test_a_first_heading_below_level_2_is_flagged():
    body = CLEAN_BODY.replace("## What happens at a session", "### What happens at a session")
    assert checks_for(body=body) == ["heading-skip"]


def test_a_top_level_heading_in_the_body_is_flagged():
    (warning,) = warnings_for(body="# Ketamine therapy\n\n" + CLEAN_BODY)
    assert warning.check == "heading-skip"
    assert warning.message == ("The page title is the only top-level heading; use ## for sections.")
    assert warning.detail == "Ketamine therapy"


def test_headings_that_step_back_up_any_number_of_levels_are_fine():
    body = body_with("### One\n\n#### Two\n\n## Three\n\n### Four\n\n#### Five\n\n### Six")
    assert checks_for(body=body) == []


# Links


def test_a_link_to_a_page_that_does_not_exist_is_flagged():
    (warning,) = warnings_for(body=body_with("See [dosing](/dosing-guide/)."))
    assert warning.check == "broken-link"
    assert warning.message == "The page links to /dosing-guide/, which is not a page on this site."
    assert warning.detail == '"dosing" (/dosing-guide/)'


def test_a_link_to_a_draft_page_is_flagged():
    (warning,) = warnings_for(body=body_with("See [what is coming](/coming-soon/)."))
    assert warning.check == "broken-link"
    assert warning.message == "The page links to /coming-soon/, which is not published yet."


def test_links_are_looked_up_without_their_anchor_query_or_trailing_slash():
    text = (
        "See [one](/what-to-expect/#after-a-session), [two](/what-to-expect?print=1), "
        "[three](/screener) and [home](/)."
    )
    assert checks_for(body=body_with(text)) == []


def test_links_to_other_sites_and_within_the_page_are_not_checked():
    text = "See [the FDA](https://www.fda.gov/), [below](#references) and [mail](mailto:a@b.org)."
    assert checks_for(body=body_with(text)) == []


def test_a_broken_link_in_an_faq_answer_is_flagged_once():
    answers = ["Read [this](/missing/).", "And [this again](/missing/#part)."]
    assert checks_for(faq_answers=answers) == ["broken-link"]


# Summary


@pytest.mark.parametrize("length", [49, 161])
def test_a_summary_outside_50_to_160_characters_is_flagged(length):
    (warning,) = warnings_for(summary="a" * length)
    assert warning.check == "summary-length"
    assert f"is {length} characters long" in warning.message


@pytest.mark.parametrize("length", [50, 160])
def test_a_summary_of_50_or_160_characters_is_fine(length):
    assert checks_for(summary="a" * length) == []


# References


def test_a_page_with_medical_claims_but_no_references_is_flagged():
    body = CLEAN_BODY.split("## References")[0]
    (warning,) = warnings_for(body=body)
    assert warning.check == "no-references"
    assert "## References" in warning.message


@pytest.mark.parametrize(
    "heading", ["## Sources", "### references", "#### Where this information comes from"]
)
def test_a_sources_heading_of_any_name_and_level_counts_as_references(heading):
    body = CLEAN_BODY.replace("## References", heading)
    assert "no-references" not in checks_for(body=body)


def test_a_page_with_a_single_medical_mention_needs_no_references():
    body = "You can ask us anything about the risks.\n\n## How to reach us\n\nCall or write."
    assert checks_for(body=body, faq_answers=()) == []


def test_medical_mentions_in_faq_answers_count_and_a_references_paragraph_answers_them():
    answers = ["Ketamine eases pain for some people.", "Esketamine is a nasal spray."]
    assert checks_for(body="Questions people ask us.", faq_answers=answers) == ["no-references"]
    sourced = [*answers, "Our answers come from guidelines.\n\n**References**\n\n- Cohen SP."]
    assert checks_for(body="Questions people ask us.", faq_answers=sourced) == []


# What the admin passes in


@pytest.mark.django_db
def test_site_paths_are_the_fixed_pages_and_every_page_with_whether_it_is_published():
    Page.objects.all().delete()
    live = page_save(page=Page(title="Live", slug="live", status=Page.Status.PUBLISHED))
    page_save(page=Page(title="Planned", slug="planned", status=Page.Status.DRAFT))
    # A draft of the live page (a revision of it) does not hide the live version.
    content = {**live.revision_content(), "title": "Live, edited"}
    draft_save(record=live, content=content, user=None)
    PageRedirect.objects.create(old_slug="old-live", page=live)
    spanish = page_save(
        page=Page(title="En vivo", slug="en-vivo", language="es", status=Page.Status.PUBLISHED)
    )
    PageRedirect.objects.create(old_slug="antes", page=spanish, language="es")
    assert site_paths_get() == {
        **dict.fromkeys([*FIXED_PATHS, *FIXED_PATHS_SPANISH, "/sitemap.xml"], True),
        "/live/": True,
        "/old-live/": True,
        "/planned/": False,
        "/es/en-vivo/": True,
        "/es/antes/": True,
    }


# The pages shipped in content/pages/


def shipped_pages() -> dict[str, dict]:
    """Each source file as the checks see it; the FAQ's intro is its body."""
    pages = {}
    for path in sorted(PAGES_DIRECTORY.glob("*.md")):
        post = frontmatter.load(path)
        pages[path.name] = {
            "slug": post["slug"],
            "title": post["title"],
            "summary": post["summary"],
            "body": post.content,
        }
    for path in sorted(PAGES_DIRECTORY.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pages[path.name] = {
            "slug": data["slug"],
            "title": data["title"],
            "summary": data["summary"],
            "body": data.get("intro", ""),
            "faq_answers": [item["answer"] for item in data["questions"]],
        }
    return pages


SHIPPED = shipped_pages()
SHIPPED_PATHS = {
    **{f"/{page['slug']}/": True for page in SHIPPED.values()},
    **dict.fromkeys([*FIXED_PATHS, "/sitemap.xml"], True),
}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_page_has_no_warnings(name):
    page = {key: value for key, value in SHIPPED[name].items() if key != "slug"}
    warnings = page_warnings(**page, site_paths=SHIPPED_PATHS)
    assert warnings == [], "\n".join(f"{w.check}: {w.message}\n  {w.detail}" for w in warnings)


def test_saying_ketamine_is_not_a_cure_is_not_flagged():
    warnings = page_warnings(
        title="Benefits",
        summary="What ketamine may and may not do for pain and low mood, in plain words.",
        body="## Benefits\n\nIt is not right for everyone, and it is not a cure.\n",
        site_paths={},
    )
    assert not [warning for warning in warnings if warning.check == "verdict-words"]
