"""Database routing: writes on the primary, public reads on a replica when asked.

Enabled by ``DJANGO_DATABASE_REPLICA_URLS`` (settings.DATABASE_ROUTERS). The router
itself knows nothing of requests: ``ReplicaReadsMiddleware`` marks an anonymous
reader's GET with :func:`use_replica`, and everything else (the admin, POSTs,
logged-in users, management commands, background jobs) reads from the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PRIMARY = "default"

_read_alias: ContextVar[str | None] = ContextVar("newsroom_read_alias", default=None)


@contextmanager
def use_replica(alias: str) -> Iterator[None]:
    """Read from the replica ``alias`` inside the block."""
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


@contextmanager
def use_primary() -> Iterator[None]:
    """Read from the primary inside the block, even during a replica read."""
    token = _read_alias.set(None)
    try:
        yield
    finally:
        _read_alias.reset(token)


class PrimaryReplicaRouter:
    """Reads follow :func:`use_replica`; writes and migrations stay on the primary."""

    def db_for_read(self, model, **hints) -> str:
        return _read_alias.get() or PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Every alias holds the same data (replicas copy the primary).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # Replicas get the schema by replication, never by running migrations.
        return db == PRIMARY
