"""The session store reads and writes with one statement each, and keeps Django's behaviour."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
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
