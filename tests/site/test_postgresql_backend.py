"""The PostgreSQL backend's health check: sound idle connections pass without a query."""

import time

import psycopg2
import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def other_connection():
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )


def test_the_site_uses_the_backend_with_the_cheap_health_check():
    assert type(connections["default"]).__module__ == "clinic_site.postgresql.base"


def test_a_sound_idle_connection_is_usable_and_one_the_server_closed_is_not():
    connection.ensure_connection()
    assert connection.is_usable()
    killer = other_connection()
    try:
        with killer.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.get_backend_pid()]
            )
        killer.commit()
        deadline = time.monotonic() + 5
        while connection.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)  # the server's message takes a moment to arrive
        assert not connection.is_usable()
    finally:
        killer.close()
    connection.close()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
