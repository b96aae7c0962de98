"""The session store reads and writes with one statement each, and keeps Django's behaviour."""

import json
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic_site.session_store import SessionStore

ANSWERS = {"screener": {"answers": {"age": "18_or_over"}, "reviewing": False}}


def saved_session() -> str:
    session = SessionStore()
    session.update(ANSWERS)
    session.save()
    return session.session_key


@pytest.mark.django_db
def test_a_saved_session_reads_back_and_a_change_is_kept():
    key = saved_session()
    session = SessionStore(key)
    assert session["screener"] == ANSWERS["screener"]
    session["screener"]["answers"]["pain-duration"] = "3_months_or_more"
    session.modified = True
    session.save()
    assert SessionStore(key)["screener"]["answers"] == {
        "age": "18_or_over",
        "pain-duration": "3_months_or_more",
    }
    assert SessionStore(key).get_expiry_age() == pytest.approx(30 * 60, abs=5)


@pytest.mark.django_db
def test_reading_and_writing_a_session_are_one_statement_each(django_assert_num_queries):
    key = saved_session()
    session = SessionStore(key)
    with django_assert_num_queries(1):
        assert session["screener"] == ANSWERS["screener"]
    session.modified = True
    with django_assert_num_queries(1):
        session.save()


@pytest.mark.django_db
def test_an_expired_session_reads_as_empty_and_saving_starts_a_new_one():
    key = saved_session()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    session = SessionStore(key)
    assert dict(session.items()) == {}
    session["screener"] = {"answers": {}, "reviewing": False}
    session.save()
    assert session.session_key != key
    assert SessionStore(session.session_key)["screener"] == {"answers": {}, "reviewing": False}


@pytest.mark.django_db
def test_saving_a_session_deleted_meanwhile_fails_as_djangos_own_store_does():
    key = saved_session()
    session = SessionStore(key)
    session.load()
    Session.objects.filter(pk=key).delete()  # signed out in another tab, or cleared
    session.modified = True
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.filter(pk=key).exists()


@pytest.mark.django_db
def test_a_session_is_stored_as_plain_json():
    key = saved_session()
    stored = Session.objects.get(pk=key).session_data
    assert json.loads(stored) == ANSWERS


@pytest.mark.django_db
def test_a_session_an_earlier_release_stored_signed_still_reads_back():
    """Journeys in progress survive the deploy that stopped signing session data."""
    key = saved_session()
    signed = DjangoSessionStore().encode(ANSWERS)
    Session.objects.filter(pk=key).update(session_data=signed)
    assert SessionStore(key)["screener"] == ANSWERS["screener"]


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["{not json", "not signed either", ""])
def test_unreadable_session_data_reads_as_an_empty_session(stored):
    key = saved_session()
    Session.objects.filter(pk=key).update(session_data=stored)
    assert dict(SessionStore(key).items()) == {}


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_session_write_alone_does_not_wait_for_the_disk():
    key = saved_session()
    session = SessionStore(key)
    session["screener"]["answers"]["pain-duration"] = "3_months_or_more"
    session.modified = True
    with CaptureQueriesContext(connection) as queries:
        session.save()
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("SET LOCAL synchronous_commit = off; UPDATE")
    assert synchronous_commit() == "on", "the setting ended with the write's own transaction"
    assert SessionStore(key)["screener"]["answers"]["pain-duration"] == "3_months_or_more"


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_session_write_inside_a_transaction_leaves_its_commit_alone():
    key = saved_session()  # this test runs inside a transaction, as other callers might
    session = SessionStore(key)
    session.modified = True
    with CaptureQueriesContext(connection) as queries:
        session.save()
    assert queries[-1]["sql"].startswith("UPDATE")
    assert synchronous_commit() == "on"
