"""The summary page for representative visitors: grouped, explained, dated, printable."""

import re

import pytest
from django.utils import timezone

from screener.summary import screener_summary_html

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR, NO_PRECAUTIONS
from .support import SUMMARY_URL, h1_count, main_html, walk

pytestmark = pytest.mark.django_db

GROUP_HEADINGS = [
    "Your safety comes first",
    "Things your clinician needs to check first",
    "Your pain",
    "Treatments you have tried",
    "Your mood",
    "Opioids, alcohol and drugs",
    "Practical arrangements",
    "Next steps",
]


def summary_for(client, answers: dict) -> str:
    walk(client, answers)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    return response.content.decode()


def headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"summary-[a-z-]+\">([^<]+)</h2>", html)


def test_chronic_pain_visitor_summary(client):
    html = summary_for(client, CHRONIC_PAIN_VISITOR)
    assert h1_count(html) == 1
    assert "Your summary: things to discuss with your clinician" in html
    assert f"Prepared on {timezone.localdate():%-d %B %Y}" in html
    assert headings(html) == GROUP_HEADINGS[1:]
    # Each item: what the visitor said, why it matters, questions to ask.
    assert html.count("What you said") == 10
    assert html.count("Why it matters") == 10
    assert html.count("Questions to ask your clinician") == 10
    assert "Kind of pain: Nerve pain (neuropathic pain), Complex regional pain syndrome" in html
    assert "Average pain over the last week: 7 out of 10" in html
    assert "moderate evidence of short-term relief" in html, "chronic pain guidance"
    assert "Taking opioid painkillers now: Yes, every day or most days" in html
    assert "You answered no to each health condition on the checklist." in html
    assert "add up to 3 out of 6. A total of 3 or more is worth talking about" in html


def test_visitor_without_pain_gets_no_pain_details_or_treatments(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    assert headings(html) == [
        "Things your clinician needs to check first",
        "Your pain",
        "Your mood",
        "Opioids, alcohol and drugs",
        "Practical arrangements",
        "Next steps",
    ]
    assert "Pain for 3 months or longer: No, I do not have ongoing pain" in html
    assert "add up to 0 out of 6" in html
    assert "worth talking about with your clinician" not in html


def test_visitor_in_crisis_gets_safety_first_and_precautions_to_check(client):
    html = summary_for(client, CRISIS_VISITOR)
    assert headings(html) == [
        "Your safety comes first",
        "Things your clinician needs to check first",
        "Your pain",
        "Your mood",
        "Opioids, alcohol and drugs",
        "Practical arrangements",
        "Next steps",
    ]
    safety = html[html.index("Your safety comes first") : html.index("Things your clinician")]
    assert 'href="tel:988"' in safety
    assert 'href="tel:911"' in safety
    assert "emergency department" in safety
    check_first = html[html.index("Things your clinician") : html.index('id="summary-pain"')]
    assert "Serious heart disease: Yes" in check_first
    assert "Pregnant, breastfeeding, or trying to become pregnant: Not sure" in check_first
    assert "not decisions" in check_first
    assert "Antidepressants tried for mood: 2 or more" in html
    assert "add up to 6 out of 6. A total of 3 or more is worth talking about" in html
    assert "Someone to take you home: No" in html


def test_summary_has_contact_details_next_steps_and_the_disclaimer_last(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    next_steps = html[html.index('id="summary-next-steps"') :]
    assert "(555) 010-0142" in next_steps
    assert "hello@clinic.example" in next_steps
    assert "120 Riverside Avenue" in next_steps
    assert 'href="/contact/">Ask the clinic to contact you</a>' in next_steps
    assert next_steps.index("Next steps") < next_steps.index("This is not medical advice")
    assert "educational information, not medical advice" in next_steps


def test_summary_shows_the_clinics_current_settings(client):
    from clinic_site.models import SiteSettings

    site = SiteSettings.load()
    site.phone = "(555) 777-1234"
    site.crisis_line_number = "0800 123 456"
    site.save()
    html = summary_for(client, CRISIS_VISITOR)
    assert "(555) 777-1234" in html
    assert 'href="tel:0800123456"' in html


def test_print_button_needs_javascript_and_says_what_to_do_without(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    assert re.search(
        r'<button type="button" [^>]*data-print hidden>Print or save as PDF</button>', html
    )
    assert "use your browser's Print option" in html
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert "onclick" not in html
    assert not re.search(r"<script>|<script [^>]*>[^<]", html), "no inline script"
    assert "style=" not in html


def test_summary_page_body_is_what_screener_summary_html_returns(client):
    html = summary_for(client, CRISIS_VISITOR)
    contract = screener_summary_html(session=client.session)

    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    page_body = html[html.index('<div class="screener-summary">') :]
    page_body = page_body[: page_body.index('<div class="screener-summary__actions')]
    link = '<li><a href="/contact/">Ask the clinic to contact you</a></li>'
    assert squash(page_body).replace(squash(link), "").replace("  ", " ") == squash(contract)


def test_the_summary_copy_for_the_clinic_leaves_out_the_page_links(client):
    walk(client, NO_PAIN_VISITOR)
    contract = screener_summary_html(session=client.session)
    assert "Ask the clinic to contact you" not in contract
    assert "Start again" not in contract


@pytest.mark.parametrize(
    ("answers", "text"),
    [
        (
            {**NO_PAIN_VISITOR, "precautions": {**NO_PRECAUTIONS, "liver": "yes"}},
            "Severe liver disease: Yes",
        ),
        (
            {**NO_PAIN_VISITOR, "precautions": {**NO_PRECAUTIONS, "ketamine_reaction": "not_sure"}},
            "A bad reaction to ketamine in the past: Not sure",
        ),
        ({**NO_PAIN_VISITOR, "alcohol-drugs": "rather_not_say"}, "I would rather not say"),
        ({**NO_PAIN_VISITOR, "supervised-sessions": "no"}, "supervised sessions: No"),
    ],
)
def test_summary_reports_what_each_visitor_said(client, answers, text):
    html = summary_for(client, answers)
    assert text in main_html(html)
