"""The summary page for representative visitors: grouped, explained, dated, printable."""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from screener.summary import screener_summary_html

from .answers import (
    CHRONIC_PAIN_VISITOR,
    CRISIS_VISITOR,
    NO_PAIN_VISITOR,
    NO_PRECAUTIONS_BODY,
)
from .support import SUMMARY_URL, SUPPORT_URL, h1_count, main_html, walk

pytestmark = pytest.mark.django_db

GROUP_HEADINGS = [
    "Your safety comes first",
    "Your answers at a glance",
    "Things your clinician needs to check first",
    "Your pain",
    "Treatments you have tried",
    "Your mood",
    "Opioids, alcohol and drugs",
    "Practical arrangements",
    "Next steps",
]


def summary_for(client, answers: dict) -> str:
    walk(client, answers, pages_fetched=False)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    return response.content.decode()


def table_rows(html: str) -> list[tuple[str, str]]:
    """The answers table's rows: (question, answer as HTML)."""
    return re.findall(r'<tr[^>]*><th scope="row"[^>]*>([^<]+)</th><td[^>]*>(.*?)</td></tr>', html)


def headings(html: str) -> list[str]:
    return re.findall(r"<h2 id=\"summary-[a-z-]+\">([^<]+)</h2>", html)


def test_chronic_pain_visitor_summary(client):
    html = summary_for(client, CHRONIC_PAIN_VISITOR)
    assert h1_count(html) == 1
    assert "Your summary: things to discuss with your clinician" in html
    assert f"Prepared on {timezone.localdate():%-d %B %Y}" in html
    assert headings(html) == GROUP_HEADINGS[1:]
    # Each item: what the visitor said, why it matters, questions to ask.
    assert html.count("What you said") == 9
    assert html.count("Why it matters") == 9
    assert html.count("Questions to ask your clinician") == 9
    assert "Kind of pain: Nerve pain (neuropathic pain), Complex regional pain syndrome" in html
    assert "Average pain over the last week: 7 out of 10" in html
    assert "moderate evidence of short-term relief" in html, "chronic pain guidance"
    assert "Taking opioid painkillers now: Yes, every day or most days" in html
    assert "You answered no to each health condition" not in html, "opioids are checked first"
    assert "add to ketamine&#x27;s sleepiness and can slow your breathing" in html
    assert "add up to 3 out of 6. A total of 3 or more is worth talking about" in html


def test_visitor_without_pain_gets_no_pain_details_or_treatments(client):
    """Only the groups the answers make relevant: no pain, no low mood, no opioids, no
    alcohol or drug problem. The answers themselves are all in the table."""
    html = summary_for(client, NO_PAIN_VISITOR)
    assert headings(html) == [
        "Your answers at a glance",
        "Things your clinician needs to check first",
        "Practical arrangements",
        "Next steps",
    ]
    assert "What kind of pain" not in html and 'id="summary-pain"' not in html
    assert "treatment-resistant" not in html.lower()
    assert "Depression and antidepressants tried" not in html
    assert ("Pain for 3 months or longer", "No, I do not have ongoing pain") in table_rows(html)
    assert "You answered no to each health condition on the checklist." in html


def test_visitor_in_crisis_gets_safety_first_and_precautions_to_check(client):
    html = summary_for(client, CRISIS_VISITOR)
    assert headings(html) == [
        "Your safety comes first",
        "Your answers at a glance",
        "Things your clinician needs to check first",
        "Your pain",
        "Your mood",
        "Opioids, alcohol and drugs",
        "Practical arrangements",
        "Next steps",
    ]
    safety = html[html.index("Your safety comes first") : html.index("Your answers at a glance")]
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
    link = '<li class="no-print"><a href="/contact/">Ask the clinic to contact you</a></li>'
    page_body = re.sub(
        r'<div class="screener-summary__handwrite">.*?</div>', "", page_body, flags=re.S
    )
    # The page's links name the address it was read at; the copy's, the site's address.
    contract = contract.replace(settings.SITE_URL, "http://testserver")
    assert squash(page_body).replace(squash(link), "").replace("  ", " ") == squash(contract)


def test_the_summary_copy_for_the_clinic_leaves_out_the_page_links(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    contract = screener_summary_html(session=client.session)
    assert "Ask the clinic to contact you" not in contract
    assert "Start again" not in contract


@pytest.mark.parametrize(
    ("answers", "text"),
    [
        (
            {**NO_PAIN_VISITOR, "precautions-body": {**NO_PRECAUTIONS_BODY, "liver": "yes"}},
            "Severe liver disease: Yes",
        ),
        (
            {
                **NO_PAIN_VISITOR,
                "precautions-body": {**NO_PRECAUTIONS_BODY, "ketamine_reaction": "not_sure"},
            },
            "A bad reaction to ketamine or esketamine in the past, including an allergy: Not sure",
        ),
        ({**NO_PAIN_VISITOR, "alcohol-drugs": "rather_not_say"}, "I would rather not say"),
        ({**NO_PAIN_VISITOR, "supervised-sessions": "no"}, "supervised sessions: No"),
    ],
)
def test_summary_reports_what_each_visitor_said(client, answers, text):
    html = summary_for(client, answers)
    assert text in main_html(html)


def check_first_of(html: str) -> str:
    start = html.index('id="summary-check-first"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    ("medicines", "said"),
    [
        (
            ["sedatives", "stimulants"],
            "<li>Benzodiazepines, sleeping tablets or other medicines for anxiety or sleep</li>"
            "<li>Stimulants, for example for ADHD or to stay awake</li>",
        ),
        (["not_sure"], "Medicines you are taking: Not sure"),
        (["lamotrigine"], "<li>Lamotrigine</li>"),
    ],
)
def test_medicines_to_check_are_explained_with_questions_and_a_link(client, medicines, said):
    html = summary_for(client, {**NO_PAIN_VISITOR, "medicines": medicines})
    check_first = check_first_of(html)
    assert "<h3>Medicines that need care with ketamine</h3>" in check_first
    assert said in check_first
    # Why it matters: the esketamine label's interactions, and no claim about lamotrigine.
    assert "slow your breathing" in check_first
    assert "blood pressure go up more" in check_first
    assert "esketamine prescribing information, 03/2026" in check_first
    assert "Tell your clinician if you take lamotrigine" in check_first
    assert "<li>Should I take my usual dose on the day of a session?</li>" in check_first
    assert re.search(
        r'<a href="http://testserver/medicines-alcohol-and-ketamine/"[^>]*>Read more about '
        r"medicines, alcohol and ketamine</a>",
        check_first,
    )
    # Nothing else to check: no "no to each condition" beside a medicine that needs care.
    assert "You answered no to each health condition" not in check_first


def test_no_medicines_to_check_means_no_medicines_item(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    assert "Medicines that need care with ketamine" not in html
    assert ("Medicines you are taking", "None of these") in table_rows(html)


def test_a_bladder_problem_is_for_the_clinician_to_check_first_with_its_sources(client):
    precautions = {**NO_PRECAUTIONS_BODY, "bladder": "yes"}
    html = summary_for(client, {**NO_PAIN_VISITOR, "precautions-body": precautions})
    check_first = check_first_of(html)
    assert "Bladder problems, such as interstitial cystitis or pain when passing urine: Yes" in (
        check_first
    )
    assert "<h3>Bladder problems</h3>" in check_first
    assert "cystitis" in check_first
    assert "esketamine prescribing information, 03/2026" in check_first
    assert "(FDA, 2023)" in check_first
    assert "You answered no to each health condition" not in check_first


OPIOIDS_AND_BENZODIAZEPINE = {
    **NO_PAIN_VISITOR,
    "opioids-current": "daily",
    "opioid-worry": "no",
    "medicines": ["sedatives"],
}


def test_daily_opioids_and_a_benzodiazepine_show_together_where_the_clinician_looks_first(client):
    html = summary_for(client, OPIOIDS_AND_BENZODIAZEPINE)
    check_first = check_first_of(html)
    assert "<li>Taking opioid painkillers now: Yes, every day or most days</li>" in check_first
    assert "<li>Benzodiazepines, sleeping tablets or other medicines for anxiety" in check_first
    assert re.search(
        r'<p class="screener-summary__note">Opioids together with other things that make you '
        r"sleepy, such as these medicines or alcohol, add to ketamine&#x27;s sleepiness and can "
        r"slow your breathing.</p>",
        check_first,
    )
    assert "You answered no to each health condition" not in html
    # On the first page too, in bold.
    answers = html[html.index('id="summary-answers"') : html.index('id="summary-check-first"')]
    assert "<strong>Yes, every day or most days</strong>" in answers
    assert "<strong>Benzodiazepines, sleeping tablets or other medicines" in answers


def test_a_current_alcohol_problem_is_checked_first_and_not_beside_no_to_each_condition(client):
    html = summary_for(client, {**NO_PAIN_VISITOR, "alcohol-drugs": "current"})
    check_first = check_first_of(html)
    assert "Problems with alcohol or drugs: Yes, at the moment" in check_first
    assert "<h3>Problems with alcohol or drugs at the moment</h3>" in check_first
    assert "advise against" in check_first
    assert "You answered no to each health condition" not in html


def test_the_first_page_has_the_date_lines_for_a_name_and_every_answer_in_a_table(client):
    html = summary_for(client, CHRONIC_PAIN_VISITOR)
    glance = html[html.index('<div class="screener-summary__glance">') :]
    glance = glance[: glance.index('id="summary-check-first"')]
    assert f"Prepared on {timezone.localdate():%-d %B %Y}" in glance
    assert "Name: <span" in glance and "Date of birth: <span" in glance
    assert "does not ask for them or keep them" in glance
    rows = table_rows(glance)
    labels = [label for label, _ in rows]
    for label in (
        "Aged 18 or older",
        "Average pain over the last week",
        "Medicines you are taking",
    ):
        assert label in labels
    assert "Serious heart disease" in labels and "A stroke or a mini-stroke (TIA)" in labels
    assert ("Average pain over the last week", "7") in rows
    assert len(rows) == len(CHRONIC_PAIN_VISITOR) - 3 + 10, "a row per checklist item"
    assert re.findall(r"<caption>([^<]+)</caption>", glance)[0] == "About you"


def test_the_copy_sent_to_the_clinic_has_no_lines_for_a_name(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    contract = screener_summary_html(session=client.session)
    assert "Your answers at a glance" in contract
    assert "Date of birth" not in contract


def test_guidance_links_are_whole_addresses_so_they_print(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    body = html[html.index('<div class="screener-summary">') :]
    assert 'href="http://testserver/medicines-alcohol-and-ketamine/"' in body
    assert 'href="http://testserver/what-to-expect/"' in body
    assert not re.search(r'<div>\s*<p>[^<]*<a href="/', body), "no relative guidance link left"


def test_the_summary_gives_the_infusion_driving_rule(client):
    html = summary_for(client, NO_PAIN_VISITOR)
    assert "for at least 24 hours after an infusion" in html
    assert "Ketalar prescribing information, revised 10/2024" in html
    assert "until the next day" not in html


def test_the_support_page_number_and_988_chat_can_be_tapped(client):
    walk(client, CRISIS_VISITOR, pages_fetched=False)
    page = client.get(SUPPORT_URL).content.decode()
    assert 'call us on <a href="tel:5550100142">(555) 010-0142</a>' in page
    assert '<a href="https://988lifeline.org/chat" class="link-shows-address">' in page
    summary = client.get(SUMMARY_URL).content.decode()
    assert "988lifeline.org/chat" in summary
