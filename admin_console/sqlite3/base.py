"""Django's SQLite backend, told the real bound-parameter limit of the linked SQLite.

Django 5.2 assumes SQLite's historical limit of 999 parameters, so a bulk insert
of a few hundred certificates becomes several queries. SQLite 3.32+ allows
32,766, and Python reports the actual limit (``Connection.getlimit``); Django 6
reads it the same way. One query per import keeps imports' query count flat.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
