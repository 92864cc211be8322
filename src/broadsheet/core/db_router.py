"""Reads of anonymous reader pages from a read replica; every other query to the primary.

Configured by DATABASE_REPLICA_URL (settings.py adds the "replica" database, this router and
its middleware). `ReplicaReadsMiddleware` opens a replica window around an anonymous GET or
HEAD outside the admin (no session cookie: a reader who just commented, or staff who just
published, read the primary and so see their own write). Inside the window reads go to the
replica, except:
- a read inside a transaction on the primary (`atomic`) goes to the primary;
- after the first write the window closes for the rest of the request, so what follows
  reads what was written.
Outside a window (posts, the admin, the API's writes, the worker, commands) everything goes
to the primary. Migrations run on the primary only; the replica copies them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# None outside a window; True while reads may go to the replica; False once pinned.
_window: ContextVar[bool | None] = ContextVar("bs_replica_window", default=None)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads in this block go to the replica (until the first write)."""
    token = _window.set(True)
    try:
        yield
    finally:
        _window.reset(token)


class PrimaryReplicaRouter:
    """Django's database router for a primary and one read replica (docs/OPERATIONS.md)."""

    def __init__(self, primary: str = PRIMARY, replica: str = REPLICA) -> None:
        self.primary = primary
        self.replica = replica

    def db_for_read(self, model, **hints) -> str:
        if _window.get() and not connections[self.primary].in_atomic_block:
            return self.replica
        return self.primary

    def db_for_write(self, model, **hints) -> str:
        if _window.get():
            _window.set(False)  # read your own write for the rest of the request
        return self.primary

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows: objects read from either may be related.
        if {obj1._state.db, obj2._state.db} <= {self.primary, self.replica}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == self.primary


def reads_may_use_replica(request) -> bool:
    """An anonymous reader's GET or HEAD of a site page (not the admin, no session)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(("/admin/", "/django-admin/"))
    )


class ReplicaReadsMiddleware:
    """Opens the replica window for the requests `reads_may_use_replica` allows."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not reads_may_use_replica(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
