"""Where a journey's answers live and for how long: expiry, start again, no caching."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from screener.journey import MARKER_COOKIE, SESSION_KEY

from .answers import (
    CHRONIC_PAIN_VISITOR,
    NO_PAIN_VISITOR,
)
from .support import (
    CHECK_ANSWERS_URL,
    START_URL,
    SUMMARY_URL,
    SUPPORT_URL,
    answer,
    expire_session,
    h1_count,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def test_answers_expire_after_30_minutes_idle_with_a_friendly_page(client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    expire_session()
    for url in (step_url("pain-score"), step_url("age"), CHECK_ANSWERS_URL, SUMMARY_URL):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Your answers have expired, start again" in html
        assert h1_count(html) == 1
    response = client.post(step_url("pain-score"), {"answer": "5"})
    assert response.status_code == 200
    assert "Your answers have expired, start again" in response.content.decode()
    # Starting again gives a fresh, empty journey.
    assert client.post(START_URL)["Location"] == step_url("age")
    assert session_answers(client) == {}


def test_a_stale_session_cookie_alone_also_means_expired(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    expire_session()
    del client.cookies[MARKER_COOKIE]
    response = client.get(step_url("ride-home"))
    assert response.status_code == 200
    assert "Your answers have expired, start again" in response.content.decode()


def test_each_request_extends_the_30_minutes(client):
    start(client)
    answer(client, "age", "yes")
    first = Session.objects.get().expire_date
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get(step_url("pain-duration"))
    assert Session.objects.get().expire_date >= first


def test_start_again_deletes_every_answer(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    response = client.post("/screener/start-again/")
    assert response["Location"] == START_URL
    assert SESSION_KEY not in client.session
    assert client.cookies[MARKER_COOKIE].value == "", "the expiry marker goes too"
    # Nothing left: a step URL now goes to the start page, not the expiry page.
    assert client.get(step_url("pain-score"))["Location"] == START_URL


def test_start_page_offers_to_continue_an_unfinished_journey(client):
    start(client)
    answer(client, "age", "yes")
    html = client.get(START_URL).content.decode()
    assert f'href="{step_url("pain-duration")}">Continue where you left off' in html
    assert "Start again" in html


def test_starting_afresh_from_the_start_page_forgets_earlier_answers(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    start(client)
    assert session_answers(client) == {}


def test_answers_are_kept_only_in_the_session(client):
    from django.apps import apps

    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    client.get(SUMMARY_URL)
    # No screener model stores answers: the only screener table holds the guidance texts.
    screener_models = [model.__name__ for model in apps.get_app_config("screener").get_models()]
    assert screener_models == ["FactorGuidance"]
    assert session_answers(client) == CHRONIC_PAIN_VISITOR


def test_no_screener_page_may_be_kept_by_a_browser_or_a_shared_cache(client):
    # Exactly what Django's never_cache sends, which the screener writes directly.
    expected = HttpResponse()
    add_never_cache_headers(expected)
    first_step = start(client)
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    responses = {
        "start": client.get(START_URL),
        "question": client.get(first_step),
        "answer": answer(client, "age", CHRONIC_PAIN_VISITOR["age"]),
        "check your answers": client.get(CHECK_ANSWERS_URL),
        "summary": client.get(SUMMARY_URL),
        "crisis support": client.get(SUPPORT_URL),
        "OPTIONS": client.options(first_step),
        "refused method": client.put(first_step),
    }
    for name, response in responses.items():
        assert response["Cache-Control"] == expected["Cache-Control"], name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "Expires" in response, name


START_AGAIN_URL = "/screener/start-again/"


@pytest.mark.parametrize("page", [START_URL, CHECK_ANSWERS_URL, SUMMARY_URL])
def test_start_again_asks_first_on_a_page_that_works_without_javascript(client, page):
    """Every "Start again" is a link to a page that asks; only its button (a POST) deletes."""
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    html = client.get(page).content.decode()
    link = re.search(r'<a class="btn btn-secondary" href="([^"]+)">Start again', html)
    assert link, page
    assert f'<form method="post" action="{START_AGAIN_URL}"' not in html, "no one-click delete"
    confirm = client.get(link.group(1).replace("&amp;", "&"))
    assert confirm.status_code == 200
    confirm_html = confirm.content.decode()
    assert h1_count(confirm_html) == 1
    assert "<h1>Are you sure you want to start again?</h1>" in confirm_html
    assert "deletes all your answers" in confirm_html
    assert re.search(
        rf'<form method="post" action="{START_AGAIN_URL}">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"[^>]*>\s*<button type="submit"[^>]*>Yes, delete my answers '
        r"and start again</button>",
        confirm_html,
    )
    # "No" goes back where the visitor came from; the answers are all still there.
    assert f'<a href="{page}">No, keep my answers</a>' in confirm_html
    assert session_answers(client) == CHRONIC_PAIN_VISITOR


def test_start_again_page_keeps_the_answers_until_confirmed_then_deletes_them(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    client.get(START_AGAIN_URL)
    client.head(START_AGAIN_URL)
    assert session_answers(client) == CHRONIC_PAIN_VISITOR
    response = client.post(START_AGAIN_URL)
    assert response["Location"] == START_URL
    assert session_answers(client) is None


def test_start_again_page_never_links_back_to_another_site(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    html = client.get(START_AGAIN_URL + "?from=https://evil.example/").content.decode()
    assert f'<a href="{CHECK_ANSWERS_URL}">No, keep my answers</a>' in html


def test_start_again_without_answers_goes_to_the_start(client):
    assert client.get(START_AGAIN_URL)["Location"] == START_URL
