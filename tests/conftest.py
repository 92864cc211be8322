"""Shared fixtures: the demo newspaper, loaded once per test session into the test database."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches as django_caches
from django.core.management import call_command
from django.test.utils import override_settings

from broadsheet.core import page_cache, rate_limits
from tests.staff_login import log_in_verified


@pytest.fixture(scope="session")
def session_storage(tmp_path_factory):
    """Uploaded files, renditions and cache entries of a test session live only as long as it.

    The database is created afresh for every session; files and cache entries (Wagtail keeps
    renditions in the cache) left by an earlier session would point at rows that are gone.
    override_settings tells the file storages and the cache handler (both cache their
    configuration) of the change.
    """
    caches = copy.deepcopy(settings.CACHES)
    for cache in caches.values():
        if cache["BACKEND"].endswith("FileBasedCache"):
            cache["LOCATION"] = str(tmp_path_factory.mktemp("cache"))
        else:
            cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}-{uuid.uuid4().hex[:8]}"
    # Wagtail's rendition records, kept apart so that each test can start without them (a
    # test's renditions are rolled back with its transaction).
    caches["renditions"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    override = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), CACHES=caches)
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, session_storage):
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
    """The page cache's per-process copy and Wagtail's cached renditions never outlive a test
    (databases roll back)."""
    from broadsheet.core import page_cache
    from broadsheet.newsroom import tree_cache

    page_cache.clear_local_copy()
    tree_cache.bump()  # nor the processes' copies of the site's shape (tree_cache.py)
    yield
    page_cache.clear_local_copy()
    tree_cache.bump()
    if "renditions" in django_caches:
        django_caches["renditions"].clear()


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


class PageCacheHits:
    """Counts the answers the page cache gave from a stored page.

    A query count no longer tells a hit from a render: with warm fragment and row caches an
    uncached article renders without a query.
    """

    def __init__(self) -> None:
        self.count = 0

    def from_cache(self, client, url: str) -> bool:
        """GET `url` (a 200) and say whether the page cache answered it from a stored page."""
        before = self.count
        assert client.get(url).status_code == 200, url
        return self.count > before


@pytest.fixture
def page_cache_hits(monkeypatch) -> PageCacheHits:
    hits = PageCacheHits()
    thawed = page_cache._thawed

    def counted(entry):
        hits.count += 1
        return thawed(entry)

    monkeypatch.setattr(page_cache, "_thawed", counted)
    return hits
