"""screener_summary_html: the summary body other apps attach to a request."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from screener.journey import SESSION_KEY
from screener.models import FactorGuidance
from screener.summary import screener_summary_html

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR

pytestmark = pytest.mark.django_db


def session_with(answers: dict | None) -> SessionStore:
    session = SessionStore()
    if answers is not None:
        session[SESSION_KEY] = {"answers": dict(answers), "reviewing": True}
    return session


def test_no_journey_gives_none():
    assert screener_summary_html(session=session_with(None)) is None


def test_an_unfinished_journey_gives_none():
    answers = {key: value for key, value in CHRONIC_PAIN_VISITOR.items() if key != "ride-home"}
    assert screener_summary_html(session=session_with(answers)) is None


def test_an_under_18_journey_gives_none():
    assert screener_summary_html(session=session_with({"age": "no"})) is None


def test_a_completed_journey_gives_the_dated_summary_body():
    html = screener_summary_html(session=session_with(CHRONIC_PAIN_VISITOR))
    assert html is not None
    assert f"Prepared on {timezone.localdate():%-d %B %Y}" in html
    for heading in (
        "Things your clinician needs to check first",
        "Your pain",
        "Treatments you have tried",
        "Your mood",
        "Opioids, alcohol and drugs",
        "Practical arrangements",
        "Contact the clinic",
    ):
        assert heading in html
    assert "What you said" in html
    assert "Why it matters" in html
    assert "Questions to ask your clinician" in html
    assert "Average pain over the last week: 7 out of 10" in html
    assert "(555) 010-0142" in html
    assert "not medical advice" in html
    assert "<h1" not in html, "the page that embeds the body owns the <h1>"
    assert "Your safety comes first" not in html


def test_crisis_resources_come_first_when_self_harm_was_reported():
    html = screener_summary_html(session=session_with(CRISIS_VISITOR))
    assert html.index("Your safety comes first") < html.index("Things your clinician needs")
    assert 'href="tel:988"' in html
    assert "911" in html
    assert "emergency department" in html


def test_staff_edits_to_guidance_show_in_the_summary():
    guidance = FactorGuidance.objects.get(factor="ride-home")
    guidance.why_it_matters = "Plan your **journey home** before the day."
    guidance.questions_to_ask = "Is there a shuttle?\nCan a taxi take me?"
    guidance.save()
    html = screener_summary_html(session=session_with(CHRONIC_PAIN_VISITOR))
    assert "Plan your <strong>journey home</strong> before the day." in html
    assert "<li>Can a taxi take me?</li>" in html
