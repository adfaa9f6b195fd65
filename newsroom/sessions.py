"""``cached_db`` sessions that outlive a cache outage.

Django's ``cached_db`` store keeps the database as the source of truth, but still
raises when the cache cannot be reached while it reads a session back into the
cache, deletes one or checks whether one exists: with Redis down every signed-in
editor would get a 500. Here those cache calls fail soft (one log line), and the
database answers.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except Exception:  # redis-py's and other backends' connection errors
            logger.warning(
                "session cache unavailable; read the session from the database"
            )
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:  # as in load
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:  # the database row is gone; the cached copy expires
            logger.warning(
                "session cache unavailable; a signed-out session stays "
                "cached until it expires"
            )
