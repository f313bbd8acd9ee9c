"""Django's SQLite backend, answering integers out of range as PostgreSQL does.

SQLite stores 64-bit integers, and Python's ``sqlite3`` module raises ``OverflowError``
when a query carries a bigger one: an id typed in an address or a form
(``/pratiques/99999999999999999999999/``, ``?meeting=99999999999999999999999``) made a
500. Django guards plain integer fields against it, not the primary keys reached through
a relation (every Wagtail page, every comment). PostgreSQL compares such a number as a
numeric and finds nothing. Here a SELECT passes it as a float instead: every comparison
with a stored integer gives the same answer (none is equal, all are smaller), and
nothing is written, since only SELECT statements are touched.
"""

from collections.abc import Mapping

from django.db.backends.sqlite3 import base

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _in_range(value):
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        return float(value)
    return value


class CursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        if params and not isinstance(params, Mapping) and query.lstrip()[:6].upper() == "SELECT":
            params = tuple(_in_range(value) for value in params)
        return super().execute(query, params)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)
