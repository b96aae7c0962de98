"""Every path through the screener over HTTP: branches, crisis, back and change."""

import itertools
import re

import pytest

from screener.journey import MARKER_COOKIE, SESSION_KEY
from screener.questions import STEPS

from .answers import (
    CHRONIC_PAIN_STEPS,
    CHRONIC_PAIN_VISITOR,
    CRISIS_VISITOR,
    NO_PAIN_STEPS,
    NO_PAIN_VISITOR,
)
from .support import (
    CHECK_ANSWERS_URL,
    FOR_ADULTS_URL,
    START_URL,
    SUMMARY_URL,
    SUPPORT_URL,
    answer,
    h1_count,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def test_start_page_explains_the_screener_before_it_begins(client):
    response = client.get(START_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert "Prepare for your appointment" in html
    assert "about 5 minutes" in html
    assert f"Up to {len(STEPS)} questions, one on each page" in html
    assert "It is not a diagnosis" in html
    assert "not stored unless you choose to send them" in html
    assert "Start now" in html
    assert 'href="tel:988"' in html
    assert SESSION_KEY not in client.session, "reading the start page starts nothing"


def test_start_now_begins_at_the_age_question(client):
    response = client.post(START_URL)
    assert response.status_code == 302
    assert response["Location"] == step_url("age")
    assert session_answers(client) == {}
    assert response.cookies[MARKER_COOKIE].value == "1"


def test_the_expiry_marker_is_renewed_at_each_start_and_put_back_only_when_lost(client):
    start(client)
    response = client.post(START_URL)
    assert response.cookies[MARKER_COOKIE].value == "1", "starting again renews its day"
    response = answer(client, "age", "yes")
    assert response.status_code == 302
    assert MARKER_COOKIE not in response.cookies, "the browser already holds it"
    del client.cookies[MARKER_COOKIE]
    response = client.get(response["Location"])
    assert response.cookies[MARKER_COOKIE].value == "1"
    assert response.cookies[MARKER_COOKIE]["max-age"] == 24 * 60 * 60


def test_chronic_pain_visitor_answers_every_question_then_checks_answers(client):
    asked, end = walk(client, CHRONIC_PAIN_VISITOR)
    assert asked == CHRONIC_PAIN_STEPS
    assert end == CHECK_ANSWERS_URL
    assert session_answers(client) == CHRONIC_PAIN_VISITOR


def test_visitor_without_pain_or_low_mood_is_not_asked_the_conditional_questions(client):
    asked, end = walk(client, NO_PAIN_VISITOR)
    assert asked == NO_PAIN_STEPS
    assert end == CHECK_ANSWERS_URL


def test_visitor_in_crisis_sees_the_crisis_page_at_once_and_may_go_on(client):
    start(client)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        assert answer(client, key, CRISIS_VISITOR[key]).status_code == 302
    response = answer(client, "self-harm", "several_days")
    assert response["Location"] == SUPPORT_URL
    page = client.get(SUPPORT_URL).content.decode()
    assert h1_count(page) == 1
    assert 'href="tel:988"' in page
    assert 'href="tel:911"' in page
    assert "emergency department" in page
    assert f'href="{step_url("depression-diagnosis")}">Continue with the questions' in page
    assert f'href="{step_url("self-harm")}"' in page, "back link to the question"
    _, end = walk(client, CRISIS_VISITOR, start_url=step_url("depression-diagnosis"))
    assert end == CHECK_ANSWERS_URL
    summary = client.get(SUMMARY_URL).content.decode()
    assert summary.index("Your safety comes first") < summary.index("Things your clinician")
    assert summary.index('href="tel:988"') < summary.index("Things your clinician")


@pytest.mark.parametrize("frequency", ["several_days", "more_than_half", "nearly_every_day"])
def test_every_self_harm_answer_but_not_at_all_interrupts(client, frequency):
    start(client)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        answer(client, key, NO_PAIN_VISITOR[key])
    assert answer(client, "self-harm", frequency)["Location"] == SUPPORT_URL


def test_self_harm_not_at_all_goes_straight_on(client):
    start(client)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        answer(client, key, NO_PAIN_VISITOR[key])
    response = answer(client, "self-harm", "not_at_all")
    assert response["Location"] == step_url("depression-diagnosis")


def test_self_harm_question_is_asked_even_with_no_low_mood(client):
    start(client)
    for key in ("age", "pain-duration", "ketamine-before"):
        answer(client, key, NO_PAIN_VISITOR[key])
    answer(client, "phq-interest", "not_at_all")
    response = answer(client, "phq-mood", "not_at_all")
    assert response["Location"] == step_url("self-harm")
    page = client.get(step_url("self-harm")).content.decode()
    assert "better off dead, or of hurting yourself in some way?" in page


def test_crisis_page_without_a_journey_still_shows_the_help(client):
    response = client.get(SUPPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:988"' in html
    assert "Continue with the questions" not in html


def test_under_18_gets_a_kind_page_and_no_further_questions(client):
    start(client)
    response = answer(client, "age", "no")
    assert response["Location"] == FOR_ADULTS_URL
    page = client.get(FOR_ADULTS_URL).content.decode()
    assert h1_count(page) == 1
    assert "These questions are for adults" in page
    assert "parent or carer, or to your doctor" in page
    assert f'href="{step_url("age")}"' in page, "back link to change the answer"
    for url in (step_url("pain-duration"), step_url("ride-home"), CHECK_ANSWERS_URL, SUMMARY_URL):
        assert client.get(url)["Location"] == FOR_ADULTS_URL, url
    # Changing the answer carries on with the questions.
    assert answer(client, "age", "yes")["Location"] == step_url("pain-duration")


def test_question_pages_follow_the_govuk_pattern(client):
    start(client)
    html = client.get(step_url("age")).content.decode()
    assert h1_count(html) == 1
    assert re.search(r"<legend[^>]*>\s*<span class=\"caption\">Part 1 of 7: About you</span>", html)
    assert re.search(r"<h1[^>]*>Are you 18 or older\?</h1>\s*</legend>", html)
    assert "<title>Are you 18 or older? \u2013 " in html
    assert f'class="back-link" href="{START_URL}"' in html
    assert 'type="radio"' in html
    assert 'type="range"' not in html
    assert ">Continue</button>" in html
    # Works without JavaScript: a plain form; the scripts (the timeout warning, the quick exit)
    # only add to the page, and none is inline.
    assert re.search(r'<form method="post"[^>]*>', html.split("<main", 1)[1])
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(
        re.fullmatch(r'<script src="/static/js/[\w-]+\.js"( data-[\w-]+="[^"]*")* defer>', s)
        for s in scripts
    )
    assert not re.search(r"<script [^>]*>[^<]", html), "no inline script"


def progress_of(client, key: str) -> str:
    html = client.get(step_url(key)).content.decode()
    return re.search(r'<span class="caption">([^<]+)</span>', html).group(1)


def test_progress_is_shown_by_part_and_never_jumps_back_or_sideways(client):
    """The count names the part of the screener, which every route passes through, so an answer
    that rules questions out never changes it ("Question 3 of 20" then "3 of 14" was the old
    count)."""
    start(client)
    answer(client, "age", "yes")
    assert progress_of(client, "pain-duration") == "Part 2 of 7: Your pain"
    answer(client, "pain-duration", "no")
    # Six pain and treatment questions fall away; the part's number and the total stay.
    assert progress_of(client, "pain-duration") == "Part 2 of 7: Your pain"
    assert progress_of(client, "ketamine-before") == "Part 3 of 7: Treatments you have tried"
    answer(client, "ketamine-before", "no")
    assert progress_of(client, "phq-interest") == "Part 4 of 7: Your mood"
    for key in ("phq-interest", "phq-mood", "self-harm"):
        answer(client, key, "not_at_all")
    answer(client, "depression-diagnosis", "no")
    assert progress_of(client, "opioids-current") == "Part 5 of 7: Medicines, alcohol and drugs"
    answer(client, "opioids-current", "no")
    assert progress_of(client, "medicines") == "Part 5 of 7: Medicines, alcohol and drugs"
    answer(client, "medicines", ["none"])
    answer(client, "alcohol-drugs", "no")
    assert progress_of(client, "precautions") == "Part 6 of 7: Your health"


@pytest.mark.parametrize("visitor", [CHRONIC_PAIN_VISITOR, NO_PAIN_VISITOR, CRISIS_VISITOR])
def test_each_question_shows_the_same_progress_on_every_route(client, visitor):
    """Walking in order, the part number only ever stays or goes up by one, and ends at 7 of 7."""
    start(client)
    seen = []
    for key in [step.key for step in STEPS if step.key in visitor]:
        seen.append(progress_of(client, key))
        answer(client, key, visitor[key])
    numbers = [int(re.match(r"Part (\d) of 7: ", text).group(1)) for text in seen]
    assert numbers[0] == 1 and numbers[-1] == 7
    assert all(later - earlier in (0, 1) for earlier, later in itertools.pairwise(numbers))
    assert not any("Question" in text for text in seen)


def test_pain_score_is_eleven_radio_buttons_not_a_slider(client):
    start(client)
    answer(client, "age", "yes")
    answer(client, "pain-duration", "3_months_or_more")
    answer(client, "pain-type", ["fibromyalgia"])
    html = client.get(step_url("pain-score")).content.decode()
    values = re.findall(r'type="radio" name="answer" id="id_answer_\d+" value="(\d+)"', html)
    assert values == [str(score) for score in range(11)]
    assert 'type="range"' not in html


def test_back_link_returns_to_the_previous_step_with_its_answer_filled_in(client):
    start(client)
    answer(client, "age", "yes")
    answer(client, "pain-duration", "no")
    html = client.get(step_url("ketamine-before")).content.decode()
    assert f'class="back-link" href="{step_url("pain-duration")}"' in html, "skips pain steps"
    previous = client.get(step_url("pain-duration")).content.decode()
    assert re.search(r'value="no" checked', previous)


def test_checkbox_answers_are_filled_in_when_going_back(client):
    start(client)
    answer(client, "age", "yes")
    answer(client, "pain-duration", "3_months_or_more")
    answer(client, "pain-type", ["neuropathic", "headache"])
    html = client.get(step_url("pain-type")).content.decode()
    assert re.findall(r'value="(\w+)" checked', html) == ["neuropathic", "headache"]


def test_continue_after_going_back_moves_to_the_next_question(client):
    walk(client, NO_PAIN_VISITOR)
    response = answer(client, "phq-interest", "several_days")
    assert response["Location"] == step_url("phq-mood")


def test_browser_back_before_check_answers_then_continue_goes_forward(client):
    start(client)
    for key in NO_PAIN_STEPS[:5]:
        answer(client, key, NO_PAIN_VISITOR[key])
    response = answer(client, "pain-duration", "no")
    assert response["Location"] == step_url("ketamine-before")


def test_check_answers_lists_every_answer_with_a_change_link(client):
    walk(client, CHRONIC_PAIN_VISITOR)
    response = client.get(CHECK_ANSWERS_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    for key in CHRONIC_PAIN_STEPS:
        assert f'href="{step_url(key)}">Change<span class="visually-hidden"> your answer: ' in html
    assert '<span class="visually-hidden"> your answer: Average pain over the last week' in html
    assert "Nerve pain (neuropathic pain)" in html
    assert "Serious heart disease: No" in html
    assert f'href="{SUMMARY_URL}"' in html


def test_after_a_change_continue_returns_to_check_answers(client):
    walk(client, CHRONIC_PAIN_VISITOR)
    client.get(CHECK_ANSWERS_URL)
    response = answer(client, "pain-score", "4")
    assert response["Location"] == CHECK_ANSWERS_URL
    assert "Average pain over the last week" in client.get(CHECK_ANSWERS_URL).content.decode()
    assert session_answers(client)["pain-score"] == "4"


def test_new_questions_opened_by_a_change_are_each_asked_then_check_answers(client):
    walk(client, NO_PAIN_VISITOR)
    client.get(CHECK_ANSWERS_URL)
    visited = []
    response = answer(client, "pain-duration", "3_months_or_more")
    while response["Location"] != CHECK_ANSWERS_URL:
        key = response["Location"].strip("/").split("/")[-1]
        visited.append(key)
        response = answer(client, key, CHRONIC_PAIN_VISITOR[key])
    assert visited == [
        "pain-type",
        "pain-score",
        "pain-interference",
        "pain-cause",
        "treatments",
        "treatment-help",
        "opioid-worry",
    ]


def test_a_change_to_self_harm_shows_the_crisis_page_then_returns_to_check_answers(client):
    walk(client, NO_PAIN_VISITOR)
    client.get(CHECK_ANSWERS_URL)
    response = answer(client, "self-harm", "more_than_half")
    assert response["Location"] == SUPPORT_URL
    page = client.get(SUPPORT_URL).content.decode()
    assert f'href="{CHECK_ANSWERS_URL}">Continue with the questions' in page


def test_a_change_that_closes_questions_drops_their_answers_from_the_summary(client):
    walk(client, CHRONIC_PAIN_VISITOR)
    client.get(CHECK_ANSWERS_URL)
    assert answer(client, "pain-duration", "no")["Location"] == CHECK_ANSWERS_URL
    html = client.get(CHECK_ANSWERS_URL).content.decode()
    assert "Average pain over the last week" not in html
    summary = client.get(SUMMARY_URL).content.decode()
    assert "7 out of 10" not in summary
    assert "Treatments tried for pain" not in summary
    assert 'id="summary-pain"' not in summary, "no pain section without ongoing pain"


@pytest.mark.parametrize(
    ("answered", "requested", "expected"),
    [
        ([], "ride-home", "age"),
        (["age"], "precautions", "pain-duration"),
        (["age", "pain-duration"], "pain-score", "pain-type"),
    ],
)
def test_a_later_step_url_without_earlier_answers_redirects_to_the_first_unanswered(
    client, answered, requested, expected
):
    start(client)
    for key in answered:
        answer(client, key, CHRONIC_PAIN_VISITOR[key])
    response = client.get(step_url(requested))
    assert response.status_code == 302
    assert response["Location"] == step_url(expected)


def test_a_skipped_step_url_redirects_onwards(client):
    walk(client, NO_PAIN_VISITOR)
    assert client.get(step_url("pain-score"))["Location"] == CHECK_ANSWERS_URL


def test_check_answers_and_summary_need_every_answer(client):
    start(client)
    answer(client, "age", "yes")
    assert client.get(CHECK_ANSWERS_URL)["Location"] == step_url("pain-duration")
    assert client.get(SUMMARY_URL)["Location"] == step_url("pain-duration")


def test_step_urls_without_a_journey_send_a_newcomer_to_the_start(client):
    for url in (step_url("age"), step_url("ride-home"), CHECK_ANSWERS_URL, SUMMARY_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == START_URL


def test_unknown_step_is_a_friendly_404(client):
    start(client)
    response = client.get("/screener/favourite-colour/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
