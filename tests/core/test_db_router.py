"""The primary/replica router on two real SQLite databases holding different rows: which
database each read and write reaches."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from broadsheet.core.db_router import PrimaryReplicaRouter, ReplicaReadsMiddleware, replica_reads

PRIMARY, REPLICA = "router_primary", "router_replica"


@pytest.fixture(scope="module")
def two_databases(tmp_path_factory, django_db_blocker):
    """Each database has the session table (a model nothing refers to); the primary's row
    is named after the primary, the replica's after the replica: a read shows where it went."""
    folder = tmp_path_factory.mktemp("router")
    with django_db_blocker.unblock():
        for alias in (PRIMARY, REPLICA):
            connections.settings[alias] = {
                **connections.settings["default"],
                "ENGINE": "django.db.backends.sqlite3",  # whatever the suite runs on
                "NAME": str(folder / f"{alias}.sqlite3"),
                "OPTIONS": {},
                "TEST": {},
            }
            with connections[alias].schema_editor() as editor:
                editor.create_model(Session)
            row(alias).save(using=alias)
        router = PrimaryReplicaRouter(primary=PRIMARY, replica=REPLICA)
        with override_settings(DATABASE_ROUTERS=[router]):
            yield
        for alias in (PRIMARY, REPLICA):
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def row(name: str) -> Session:
    return Session(session_key=name, session_data="", expire_date=timezone.now())


def names() -> list[str]:
    return sorted(Session.objects.values_list("session_key", flat=True))


def test_reads_outside_a_reader_request_go_to_the_primary(two_databases):
    assert names() == [PRIMARY]


def test_reads_of_a_reader_page_go_to_the_replica(two_databases):
    with replica_reads():
        assert names() == [REPLICA]


def test_after_a_write_the_request_reads_the_primary(two_databases):
    with replica_reads():
        written = row("fresh")
        written.save()
        assert written._state.db == PRIMARY
        assert names() == ["fresh", PRIMARY]
    Session.objects.filter(pk="fresh").delete()


def test_reads_inside_a_write_transaction_go_to_the_primary(two_databases):
    with replica_reads(), transaction.atomic(using=PRIMARY):
        assert names() == [PRIMARY]


def test_only_the_primary_is_migrated(two_databases):
    router = PrimaryReplicaRouter(primary=PRIMARY, replica=REPLICA)
    assert router.allow_migrate(PRIMARY, "sessions") is True
    assert router.allow_migrate(REPLICA, "sessions") is False


@pytest.mark.parametrize(
    "method,cookies,path,replica",
    [
        ("get", {}, "/national/", True),
        ("head", {}, "/national/", True),
        ("post", {}, "/national/", False),
        ("get", {"sessionid": "x"}, "/national/", False),
        ("get", {}, "/admin/pages/", False),
    ],
)
def test_the_middleware_lets_anonymous_page_reads_use_the_replica(
    two_databases, method, cookies, path, replica
):
    seen = []

    def view(request):
        seen.append(names())
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    ReplicaReadsMiddleware(view)(request)
    assert seen == [[REPLICA if replica else PRIMARY]]
