"""A screener step costs at most 2 database queries: read the session, write it back.

Django's database session store wraps the write in a transaction; inside a test's own
transaction that shows as a savepoint and its release, which are not queries of their own and
are not counted here.
"""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


@contextmanager
def at_most_queries(budget: int, *, info: str = ""):
    with CaptureQueriesContext(connection) as captured:
        yield
    statements = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len(statements) <= budget, f"{info}: {len(statements)} queries\n" + "\n".join(statements)


def test_every_step_get_and_post_stays_within_two_queries(client):
    client.get(START_URL)  # fill the caches (site settings, navigation) as any earlier page does
    # Starting creates the session, once per journey: Django checks the new key is free, then
    # inserts the row.
    with at_most_queries(BUDGET):
        start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        for method, args in (("get", ()), ("post", (form_data(key, value),))):
            with at_most_queries(BUDGET, info=f"{method} {key}"):
                response = getattr(client, method)(step_url(key), *args)
            assert response.status_code == (200 if method == "get" else 302)
    # An invalid answer re-renders the page: no more queries than a GET.
    with at_most_queries(BUDGET):
        client.post(step_url("age"), {"answer": "perhaps"})


def test_check_answers_and_summary_stay_within_two_queries(client):
    start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        client.post(step_url(key), form_data(key, value))
    client.get(SUMMARY_URL)  # the guidance texts are cached after the first summary
    for url in (CHECK_ANSWERS_URL, SUMMARY_URL):
        with at_most_queries(BUDGET, info=url):
            assert client.get(url).status_code == 200


def test_keep_my_answers_and_exit_stay_within_two_queries(client):
    start(client)
    client.post(step_url("age"), form_data("age", "yes"))
    with at_most_queries(BUDGET, info="keep-alive"):
        assert client.post("/screener/keep-alive/").status_code == 200
    # Exit reads the session and deletes it: Django's session store reads the row again to
    # delete it, one query more than a step, on a page visited once.
    with at_most_queries(BUDGET + 1, info="exit"):
        assert client.get("/screener/exit/").status_code == 302
