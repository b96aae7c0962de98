"""The request form's guards count in the database, so every worker and server shares them and
no cache outage lifts them."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from consultations.models import ConsultationRequest, RateLimitCount
from consultations.protection import rate_limit_allow

from .conftest import contact_form, request_data

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.mark.django_db
def test_the_rate_limit_counts_in_the_database_not_in_a_process_cache():
    for _ in range(5):
        assert rate_limit_allow(address="203.0.113.9")
        cache.clear()  # as if the next request reached another process or server
    assert not rate_limit_allow(address="203.0.113.9")
    (count,) = RateLimitCount.objects.all()
    assert count.count == 6
    assert "203.0.113" not in count.key, "the address itself is never stored"


@pytest.mark.django_db
def test_a_full_hour_later_the_count_starts_again_and_old_counts_are_deleted():
    for _ in range(6):
        rate_limit_allow(address="203.0.113.9")
    with time_machine.travel(time.time() + 2 * 60 * 60):
        assert rate_limit_allow(address="203.0.113.9")
        assert RateLimitCount.objects.count() == 1


@pytest.mark.django_db
def test_the_limit_holds_across_the_turn_of_the_clock_hour():
    """Security review F14: five requests at 12:59 and five more at 13:05 were all accepted."""
    hour = 60 * 60
    turn = (int(time.time() // hour) + 1) * hour
    with time_machine.travel(turn - 60, tick=False):
        for _ in range(5):
            assert rate_limit_allow(address="203.0.113.9")
    with time_machine.travel(turn + 5 * 60, tick=False):
        assert not rate_limit_allow(address="203.0.113.9"), "the last hour held five already"
    with time_machine.travel(turn + hour - 60, tick=False):
        assert rate_limit_allow(address="203.0.113.9"), "an hour after the five, room again"


@pytest.mark.django_db
def test_one_ipv6_network_shares_one_count():
    for host in range(5):
        assert rate_limit_allow(address=f"2001:db8::{host + 1}")
    assert not rate_limit_allow(address="2001:db8::ffff")
    assert rate_limit_allow(address="2001:db8:1::1")


@pytest.mark.django_db
@override_settings(CACHES=NO_CACHE)
def test_without_a_working_cache_the_form_still_takes_requests_and_both_guards_hold():
    client = Client()
    for number in range(5):
        _, token = contact_form(client)
        response = client.post(reverse("consultations:request"), request_data(token))
        assert response.status_code == 302, number
        # The same form again is recognised by the request it already sent.
        client.post(reverse("consultations:request"), request_data(token))
    assert ConsultationRequest.objects.count() == 5
    _, token = contact_form(client)
    assert client.post(reverse("consultations:request"), request_data(token)).status_code == 429
