"""Shared fixtures: the demo newspaper, loaded once per test session into the test database."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command

from broadsheet.core import rate_limits
from tests.staff_login import log_in_verified


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo newsroom (rolled back after each test)."""
    from broadsheet.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo(log=lambda message: None)


@pytest.fixture
def home(db):
    from broadsheet.newsroom.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def politics(db):
    from broadsheet.newsroom.services import find_section

    return find_section("national/politics")


@pytest.fixture
def article(db, politics):
    """The newest published article in National > Politics."""
    return politics.articles().first()


@pytest.fixture
def compile_translations():
    call_command("compile_translations")


@pytest.fixture(autouse=True)
def fresh_page_cache_copy():
    """The page cache's per-process copy never outlives a test (databases roll back)."""
    from broadsheet.core import page_cache
    from broadsheet.newsroom import tree_cache

    page_cache.clear_local_copy()
    tree_cache.bump()  # nor the processes' copies of the site's shape (tree_cache.py)
    yield
    page_cache.clear_local_copy()
    tree_cache.bump()


@pytest.fixture
def verified_login(db):
    """log_in(client, user): staff logged in with a confirmed authenticator app, verified."""
    return log_in_verified


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch):
    """Rate-limit counts never reach another test (the cache outlives tests and runs)."""
    monkeypatch.setattr(rate_limits, "NAMESPACE", f"ratelimit:test:{uuid.uuid4().hex}")


@pytest.fixture
def limit(settings):
    """limit(name, account=(n, s) or None, address=...): set one named rate limit for the test."""

    def _limit(name, *, account=None, address=None):
        settings.RATE_LIMITS = {
            **settings.RATE_LIMITS,
            name: {"account": account, "address": address},
        }
        return settings.RATE_LIMITS[name]

    return _limit


def no_work(*args, **kwargs):
    """Patched over a service's first step: a refused request must never reach it."""
    raise AssertionError("work was done for a rate-limited request")
