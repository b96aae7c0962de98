""" "Being edited by" names only people who have the form open now: the open form renews its
presence (static/js/editorial-presence.js), which expires soon after; leaving or saving clears
it (issue 27)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from content.models import Page
from editorial.models import EditingPresence
from editorial.notifications import PRESENCE_EXPIRY_SECONDS

from ..content.admin_support import PREFIX, page_form_data

WARNING = "This page is being edited by rita since"


@pytest.fixture
def page(loaded_content):
    return Page.objects.get(slug="side-effects-and-safety", language="en")


def opened(client, page) -> str:
    return client.get(f"{PREFIX}{page.pk}/change/").content.decode()


@pytest.mark.django_db
def test_someone_with_the_form_open_is_named_while_their_form_renews_it(
    editor_client, reviewer_client, page
):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        opened(reviewer_client, page)
        assert WARNING in opened(editor_client, page)
        # The reviewer's open form beats every 30 seconds, well past the expiry.
        for _ in range(6):
            clock.shift(datetime.timedelta(seconds=30))
            response = reviewer_client.post(f"{PREFIX}{page.pk}/presence/")
            assert response.status_code == 204
        assert WARNING in opened(editor_client, page)


@pytest.mark.django_db
def test_someone_who_only_passed_through_the_form_is_no_longer_named(
    editor_client, reviewer_client, page
):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        opened(reviewer_client, page)  # no heartbeat follows: a form left, or no scripts
        clock.shift(datetime.timedelta(seconds=PRESENCE_EXPIRY_SECONDS + 1))
        assert WARNING not in opened(editor_client, page)
        assert not EditingPresence.objects.filter(user__username="rita").exists()


@pytest.mark.django_db
def test_leaving_the_form_or_saving_it_clears_the_presence_at_once(
    editor_client, reviewer_client, page
):
    opened(reviewer_client, page)
    reviewer_client.post(f"{PREFIX}{page.pk}/presence/", {"leave": "1"})
    assert WARNING not in opened(editor_client, page)

    opened(reviewer_client, page)
    reviewer_client.post(
        f"{PREFIX}{page.pk}/change/", page_form_data(page, body=page.body + "\n\nMore.\n")
    )
    assert not EditingPresence.objects.filter(user__username="rita").exists()


@pytest.mark.django_db
def test_the_heartbeat_is_for_staff_who_may_change_it_and_writes_nothing_otherwise(client, page):
    response = client.post(f"{PREFIX}{page.pk}/presence/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not EditingPresence.objects.exists()
    # Visitors reading the page write nothing either.
    client.get(page.get_absolute_url())
    assert not EditingPresence.objects.exists()


@pytest.mark.django_db
def test_the_form_carries_its_heartbeat(editor_client, page):
    html = opened(editor_client, page)
    assert f'data-url="{PREFIX}{page.pk}/presence/"' in html
    assert 'data-seconds="30"' in html
    assert "js/editorial-presence" in html
