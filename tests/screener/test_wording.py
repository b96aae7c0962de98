"""What the screener says: never a verdict, one <h1> per page, every text translatable."""

import pytest
from django.utils.functional import Promise

from screener.questions import STEPS

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR
from .support import (
    BANNED,
    CHECK_ANSWERS_URL,
    FOR_ADULTS_URL,
    START_URL,
    SUMMARY_URL,
    SUPPORT_URL,
    form_data,
    h1_count,
    main_html,
    start,
    step_url,
    walk,
)


def every_screener_page(client) -> dict[str, str]:
    """Render every page a visitor can meet, with and without errors; return label -> HTML."""
    pages = {"start": client.get(START_URL).content.decode()}
    start(client)
    for key in CHRONIC_PAIN_VISITOR:
        pages[f"step {key} with an error"] = client.post(step_url(key), {}).content.decode()
        pages[f"step {key}"] = client.get(step_url(key)).content.decode()
        client.post(step_url(key), form_data(key, CHRONIC_PAIN_VISITOR[key]))
    pages["start, resuming"] = client.get(START_URL).content.decode()
    pages["check answers"] = client.get(CHECK_ANSWERS_URL).content.decode()
    pages["summary, chronic pain"] = client.get(SUMMARY_URL).content.decode()
    for label, answers in (("no pain", NO_PAIN_VISITOR), ("crisis", CRISIS_VISITOR)):
        walk(client, answers)
        pages[f"summary, {label}"] = client.get(SUMMARY_URL).content.decode()
    pages["support"] = client.get(SUPPORT_URL).content.decode()
    pages["for adults"] = client.get(FOR_ADULTS_URL).content.decode()
    client.post("/screener/start-again/")
    client.cookies["screener_started"] = "1"
    pages["expired"] = client.get(step_url("age")).content.decode()
    pages["deleted"] = client.get("/screener/deleted/").content.decode()
    return pages


@pytest.mark.django_db
def test_no_screener_page_says_eligible_qualify_approved_or_candidate(client):
    pages = every_screener_page(client)
    assert len(pages) == 2 * len(STEPS) + 10
    for label, html in pages.items():
        found = BANNED.search(main_html(html))
        assert found is None, f"{label} says {found.group(0)!r}"


@pytest.mark.django_db
def test_every_screener_page_has_exactly_one_h1_and_the_disclaimer_where_it_matters(client):
    pages = every_screener_page(client)
    for label, html in pages.items():
        assert h1_count(html) == 1, label
    for label in ("start", "summary, chronic pain", "summary, crisis"):
        assert "not medical advice" in main_html(pages[label]), label


def test_question_texts_have_no_verdict_words_and_are_translatable():
    for step in STEPS:
        texts = [step.question, step.short_label, step.section, step.error_required]
        texts += [text for text in (step.hint, step.error_exclusive) if text]
        texts += [choice.label for choice in step.choices if not choice.label.isdigit()]
        texts += [choice.hint for choice in step.choices if choice.hint]
        texts += [item.label for item in step.items] + [item.error for item in step.items]
        texts += [item.hint for item in step.items if item.hint]
        for text in texts:
            assert isinstance(text, Promise), f"{step.key}: {text!r} is not marked for gettext"
            assert not BANNED.search(str(text)), f"{step.key}: {text}"


def test_no_licensed_instruments_are_used():
    wording = " ".join(str(step.question) + str(step.hint) for step in STEPS).lower()
    for instrument in ("opioid risk tool", "dn4", "peg", "brief pain inventory", "childhood"):
        assert instrument not in wording
