"""Database plumbing the services share."""

from __future__ import annotations

import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


@contextmanager
def prepared_cursor():
    """A cursor whose statements PostgreSQL prepares once per connection and then only executes.

    For the hottest statements (a vote): Django binds parameters on the client and never
    prepares (PgBouncer in transaction mode cannot keep prepared statements), so PostgreSQL parses
    and plans the statement on every run; here psycopg 3 binds on the server and prepares it on
    first use, which saves about a third of PostgreSQL's time per vote. Django's cursor wrapper
    still counts the queries (without their text) and translates errors. ``DB_PREPARED_STATEMENTS=false``
    (behind an old PgBouncer) and other databases get an ordinary cursor.
    """
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.validate_thread_sharing()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(connection.connection)
    logged = connection.queries_logged
    cursor = connection.make_debug_cursor(raw) if logged else connection.make_cursor(raw)
    with cursor:
        yield cursor


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)

    return PreparingCursor
