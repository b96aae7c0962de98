"""A screener step costs at most 2 database queries: read the session, write it back.

Django's session backend wraps its write in transaction.atomic(), which the query log records
as two transaction-control entries (BEGIN/COMMIT, or SAVEPOINT/RELEASE inside a test's
transaction). They touch no table, so the budget counts the statements that do.
"""

import re

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
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.I)


def data_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if not TRANSACTION_CONTROL.match(query["sql"])
    ]


def test_every_step_get_and_post_stays_within_two_queries(client, django_assert_max_num_queries):
    client.get(START_URL)  # fill the caches (site settings, navigation) as any earlier page does
    with django_assert_max_num_queries(BUDGET + 2) as captured:
        start(client)
    assert len(data_queries(captured)) <= BUDGET
    for key, value in CHRONIC_PAIN_VISITOR.items():
        for method, args in (("get", ()), ("post", (form_data(key, value),))):
            with django_assert_max_num_queries(BUDGET + 2, info=f"{method} {key}") as captured:
                response = getattr(client, method)(step_url(key), *args)
            assert response.status_code == (200 if method == "get" else 302)
            queries = data_queries(captured)
            assert len(queries) <= BUDGET, (method, key, queries)
    # An invalid answer re-renders the page: no more queries than a GET.
    with django_assert_max_num_queries(BUDGET + 2) as captured:
        client.post(step_url("age"), {"answer": "perhaps"})
    assert len(data_queries(captured)) <= BUDGET


def test_check_answers_and_summary_stay_within_two_queries(client, django_assert_max_num_queries):
    start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        client.post(step_url(key), form_data(key, value))
    client.get(SUMMARY_URL)  # the guidance texts are cached after the first summary
    for url in (CHECK_ANSWERS_URL, SUMMARY_URL):
        with django_assert_max_num_queries(BUDGET + 2, info=url) as captured:
            assert client.get(url).status_code == 200
        assert len(data_queries(captured)) <= BUDGET, (url, data_queries(captured))
