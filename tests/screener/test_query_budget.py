"""A screener step costs at most 2 database queries: read the session, write it back.

The session store (clinic_site/session_store.py) does each in one statement, without a
transaction around the write, so these are all the statements a step sends.
"""

import pytest

from .answers import CHRONIC_PAIN_VISITOR
from .support import (
    CHECK_ANSWERS_URL,
    START_URL,
    SUMMARY_URL,
    form_data,
    start,
    step_url,
)

pytestmark = pytest.mark.django_db

BUDGET = 2


def test_every_step_get_and_post_stays_within_two_queries(client, django_assert_max_num_queries):
    client.get(START_URL)  # fill the caches (site settings, navigation) as any earlier page does
    # Starting is Django's own session creation, once per journey: it checks that the new key
    # is free, then inserts the row inside a savepoint.
    with django_assert_max_num_queries(BUDGET + 2):
        start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        for method, args in (("get", ()), ("post", (form_data(key, value),))):
            with django_assert_max_num_queries(BUDGET, info=f"{method} {key}"):
                response = getattr(client, method)(step_url(key), *args)
            assert response.status_code == (200 if method == "get" else 302)
    # An invalid answer re-renders the page: no more queries than a GET.
    with django_assert_max_num_queries(BUDGET):
        client.post(step_url("age"), {"answer": "perhaps"})


def test_check_answers_and_summary_stay_within_two_queries(client, django_assert_max_num_queries):
    start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        client.post(step_url(key), form_data(key, value))
    client.get(SUMMARY_URL)  # the guidance texts are cached after the first summary
    for url in (CHECK_ANSWERS_URL, SUMMARY_URL):
        with django_assert_max_num_queries(BUDGET, info=url):
            assert client.get(url).status_code == 200
