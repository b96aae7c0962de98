"""Database sessions whose two hot paths are one plain SQL statement each.

Every screener step reads the visitor's session and writes it back. Django's database store
does each through the ORM, and wraps the write in a transaction (BEGIN, UPDATE, COMMIT); that
was more than half the cost of answering a question. Here the read is one SELECT and the
write one UPDATE, which is atomic on its own. Creating, deleting and clearing sessions stay
Django's own, as do the table and `clearsessions`.

The data is stored as plain JSON. Django signs and compresses it, which guards data that
travels through the browser but nothing that never leaves the database, and checking the
signature and inflating the data was the largest single cost of a step after the two
statements themselves. Rows an earlier release stored signed are still read. (Django's
`Session.get_decoded()` expects signed data: read a session with `SessionStore(key)`.)

On PostgreSQL the write does not wait for the disk (asynchronous commit): waiting was a quarter
of the time a step took under load. If PostgreSQL itself crashed, the last fraction of a second
of session writes could be lost, never corrupted; a visitor would answer one question again.
Every other write on the site still waits for the disk.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def encode(self, session_dict):
        return self.serializer().dumps(session_dict).decode("latin-1")

    def decode(self, session_data):
        if not session_data.startswith("{"):
            return super().decode(session_data)  # signed, as Django and earlier releases store
        try:
            return self.serializer().loads(session_data.encode("latin-1"))
        except ValueError:
            return {}  # unreadable: start afresh, as Django does with a bad signature

    def _connection_and_table(self, *, for_write: bool):
        route = router.db_for_write if for_write else router.db_for_read
        connection = connections[route(self.model)]
        return connection, connection.ops.quote_name(self.model._meta.db_table)

    def load(self):
        connection, table = self._connection_and_table(for_write=False)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # missing or expired: the next save starts a new session
            return {}
        return self.decode(row[0])

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        connection, table = self._connection_and_table(for_write=True)
        data = self.encode(self._get_session(no_load=False))
        expire_date = connection.ops.adapt_datetimefield_value(self.get_expiry_date())
        update = f"UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s"
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Sent as one query, the two run as one transaction, so the setting ends with it.
            update = f"SET LOCAL synchronous_commit = off; {update}"
        with connection.cursor() as cursor:
            cursor.execute(update, [data, expire_date, self.session_key])
            updated = cursor.rowcount
        if updated == 0:
            # Deleted meanwhile (signed out in another tab, or cleared): Django's own store
            # raises the same error, which the session middleware answers with a 400 page.
            raise UpdateError
