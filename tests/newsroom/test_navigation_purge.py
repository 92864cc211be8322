"""A change to the navigation reaches every cached page; other section edits do not.

The app's side (page cache on, no proxy; both databases): pages are read twice so that the
second read comes from the page cache (no query), then a section is changed as an editor
would (a revision published, Wagtail's publish path), and a page of ANOTHER section is read
again. tests/stack/test_stack.py proves the same through the proxy.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.core import page_cache
from broadsheet.newsroom.models import SectionPage
from broadsheet.newsroom.services import find_section

pytestmark = pytest.mark.django_db
NEW_NAME = "Nation and Regions"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    page_cache.clear_local_copy()


@pytest.fixture
def elsewhere(db) -> str:
    """An article outside National (whose section a test renames), read into the cache."""
    return find_section("business").articles().first().url


def read(client, url) -> tuple[str, int]:
    """The page's HTML and the queries it cost (0: it came from the page cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def cached(client, url) -> str:
    read(client, url)
    html, queries = read(client, url)
    assert queries == 0, f"{url} is served from the page cache"
    return html


def publish(section: SectionPage, **fields) -> None:
    for name, value in fields.items():
        setattr(section, name, value)
    section.save_revision().publish()


def test_renaming_a_section_reaches_an_article_of_another_section(client, elsewhere):
    national = find_section("national")
    assert ">National</a>" in cached(client, elsewhere)
    publish(national, title=NEW_NAME)
    html, queries = read(client, elsewhere)
    assert queries > 0 and f">{NEW_NAME}</a>" in html


def test_a_new_section_and_an_unpublished_one_reach_every_page(client, home, elsewhere):
    cached(client, elsewhere)
    added = home.add_child(instance=SectionPage(title="Science desk", slug="science"))
    assert 'href="/science/"' in read(client, elsewhere)[0]
    cached(client, elsewhere)
    added.unpublish()
    assert 'href="/science/"' not in read(client, elsewhere)[0]


def test_moving_a_section_reorders_the_navigation_on_every_page(client, home, elsewhere):
    national = find_section("national")
    cached(client, elsewhere)
    national.move(home, pos="last-child")
    html, queries = read(client, elsewhere)
    assert queries > 0
    assert html.index('href="/national/"') > html.index('href="/business/"')


def test_a_draft_and_an_introduction_purge_no_unrelated_page(client, elsewhere):
    """Only published navigation fields count: a draft retitle and a published intro edit
    leave another section's article in the cache; the section page shows the new intro."""
    national = find_section("national")
    cached(client, national.url)
    cached(client, elsewhere)
    national.title = NEW_NAME
    national.save_revision()  # a draft: readers still see the live title
    assert read(client, elsewhere)[1] == 0
    national = find_section("national")
    publish(national, intro="A new introduction for the desk.")
    assert read(client, elsewhere)[1] == 0
    html, queries = read(client, national.url)
    assert queries > 0 and "A new introduction for the desk." in html
    assert f">{NEW_NAME}<" not in html
