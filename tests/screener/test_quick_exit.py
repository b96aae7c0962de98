"""Exit this page: on every screener page, the summary and the crisis page; the link deletes the
answers on the server and leaves for a neutral site. The button, Shift pressed 3 times and the
browser's Back button are driven in Chromium in tests/browser/test_quick_exit.py."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from consultations.views import CONFIRMATION_KEY
from screener.flow import flow_walk
from screener.journey import CONTACT_RECEIPT_KEY, MARKER_COOKIE, SESSION_KEY

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR
from .support import (
    CHECK_ANSWERS_URL,
    FOR_ADULTS_URL,
    START_URL,
    SUMMARY_URL,
    SUPPORT_URL,
    answer,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db

EXIT_URL = "/screener/exit/"
NEUTRAL_SITE = "https://www.example.org/weather/"
EXIT_LINK = re.compile(
    r'<a href="/screener/exit/" class="exit-this-page__button" rel="nofollow noreferrer"'
    r' data-exit-this-page-button><span class="visually-hidden">Emergency </span>Exit this page'
)


def every_page(client) -> dict[str, str]:
    """Every screener page, the summary and the crisis page; label -> HTML."""
    pages = {
        "start": client.get(START_URL).content.decode(),
        "crisis page": client.get(reverse("crisis")).content.decode(),
    }
    start(client)
    for step in flow_walk(answers=CRISIS_VISITOR).steps:
        pages[f"step {step.key}"] = client.get(step_url(step.key)).content.decode()
        answer(client, step.key, CRISIS_VISITOR[step.key])
    pages["crisis support"] = client.get(SUPPORT_URL).content.decode()
    pages["check answers"] = client.get(CHECK_ANSWERS_URL).content.decode()
    pages["summary"] = client.get(SUMMARY_URL).content.decode()
    answer(client, "age", "no")
    pages["for adults"] = client.get(FOR_ADULTS_URL).content.decode()
    pages["deleted"] = client.get("/screener/deleted/").content.decode()
    pages["expired"] = client.get("/screener/expired/").content.decode()
    return pages


def test_every_screener_page_the_summary_and_the_crisis_page_offer_exit_this_page(client):
    for label, html in every_page(client).items():
        assert EXIT_LINK.search(html), label
        assert '<script src="/static/js/exit-this-page.js" defer></script>' in html, label
        # At the top: before the page's own content.
        assert html.index("data-exit-this-page") < html.index("<main"), label


def test_the_start_page_explains_the_button_and_the_shift_key(client):
    html = client.get(START_URL).content.decode()
    assert "To leave this website quickly, select Exit this page at the top of the page." in html
    # The shortcut needs JavaScript, which shows this sentence.
    assert "<span data-exit-this-page-shortcut hidden> You can also press the Shift key 3" in html


def test_the_crisis_page_exit_is_the_same_for_everyone_so_it_can_be_cached(client):
    first = client.get(reverse("crisis")).content.decode()
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    again = client.get(reverse("crisis")).content.decode()
    exit_markup = re.compile(r'<div class="exit-this-page.*?</script>', re.S)
    assert exit_markup.search(first).group(0) == exit_markup.search(again).group(0)
    assert "csrfmiddlewaretoken" not in exit_markup.search(first).group(0)


def test_exit_deletes_the_answers_on_the_server_and_redirects_to_the_neutral_site(client, settings):
    settings.QUICK_EXIT_URL = NEUTRAL_SITE
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.get(EXIT_URL)
    assert response.status_code == 302
    assert response["Location"] == NEUTRAL_SITE
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not Session.objects.filter(session_key=session_key).exists(), "deleted on the server"
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert client.cookies[MARKER_COOKIE].value == ""
    assert session_answers(client) is None


def test_after_an_exit_no_page_shows_an_answer(client):
    walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    client.get(EXIT_URL)
    # Back, or an address typed again: sent to the start, not even told answers expired.
    for url in (step_url("pain-score"), step_url("age"), CHECK_ANSWERS_URL, SUMMARY_URL):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == START_URL, url
    start_page = client.get(START_URL).content.decode()
    assert "Continue where you left off" not in start_page
    assert "Nerve pain" not in client.get(SUPPORT_URL).content.decode()


def test_exit_is_safe_to_repeat_and_to_use_without_a_journey(client, settings):
    for _ in range(2):
        response = client.get(EXIT_URL)
        assert response.status_code == 302
        assert response["Location"] == settings.QUICK_EXIT_URL
    assert not Session.objects.exists(), "no session is made for a visitor without one"
    assert client.head(EXIT_URL).status_code == 302


def test_exit_only_forgets_answers(client, django_user_model):
    """It is a link (a GET): the only thing it changes is to forget the visitor's answers."""
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    client.get(EXIT_URL)
    assert SESSION_KEY not in client.session
    assert client.session.get("_auth_user_id") == str(staff.pk)
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(EXIT_URL).status_code == 405, method


def test_the_exit_link_is_not_followed_by_robots_or_told_where_it_came_from(client):
    html = client.get(START_URL).content.decode()
    assert 'href="/screener/exit/" class="exit-this-page__button" rel="nofollow noreferrer"' in html


def test_exit_also_deletes_the_receipt_of_a_contact_request(client):
    """The contact form's confirmation says this visitor asked a ketamine clinic to call: after
    Exit this page, the next person at the device cannot open it (security review F9)."""
    assert CONTACT_RECEIPT_KEY == CONFIRMATION_KEY
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    session = client.session
    session[CONFIRMATION_KEY] = {
        "reference": "ZFX7-8W9J",
        "summary_shared": True,
        "by_phone": True,
        "by_email": False,
        "repeated": False,
    }
    session.save()
    sent_url = reverse("consultations:sent")
    assert "ZFX7-8W9J" in client.get(sent_url).content.decode()
    client.get(EXIT_URL)
    response = client.get(sent_url)
    assert response.status_code == 302, "the receipt is gone"
    assert "ZFX7-8W9J" not in client.get(response["Location"]).content.decode()
    assert not Session.objects.exists(), "nothing else was in the session: it is deleted"


def test_the_page_a_self_harm_answer_leads_to_has_a_neutral_address(client):
    """A proxy's access log records addresses: this one must not tell what was answered, in
    either language (security review F13)."""
    start(client)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        answer(client, key, NO_PAIN_VISITOR[key])
    location = answer(client, "self-harm", "several_days")["Location"]
    with translation.override("es"):
        spanish = reverse("screener:support")
    for address in (location, spanish):
        assert not re.search(r"crisis|self|harm|help|support|ayuda|apoyo|crisis|suic", address)
    assert location == "/screener/message/"
    assert spanish == "/es/cuestionario/message/"


def test_the_old_address_sends_its_visitors_on_and_changes_nothing(client):
    walk(client, NO_PAIN_VISITOR, pages_fetched=False)
    response = client.get("/screener/support/")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/screener/message/"
    assert session_answers(client) == NO_PAIN_VISITOR
    assert client.get("/es/cuestionario/support/")["Location"] == "/es/cuestionario/message/"
