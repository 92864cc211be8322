"""A change to the navigation reaches every cached page; other section edits do not.

The app's side (page cache on, no proxy; both databases): pages are read twice so that the
second read comes from the page cache, then a section is changed as an editor
would (a revision published, Wagtail's publish path), and a page of ANOTHER section is read
again. tests/stack/test_stack.py proves the same through the proxy.
"""

from __future__ import annotations

import pytest

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


@pytest.fixture(autouse=True)
def hits(page_cache_hits):
    return page_cache_hits


def read(client, hits, url) -> tuple[str, bool]:
    """The page's HTML and whether it came from the page cache."""
    before = hits.count
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), hits.count > before


def cached(client, hits, url) -> str:
    read(client, hits, url)
    html, from_cache = read(client, hits, url)
    assert from_cache, f"{url} is served from the page cache"
    return html


def publish(section: SectionPage, **fields) -> None:
    for name, value in fields.items():
        setattr(section, name, value)
    section.save_revision().publish()


def test_renaming_a_section_reaches_an_article_of_another_section(client, hits, elsewhere):
    national = find_section("national")
    assert ">National</a>" in cached(client, hits, elsewhere)
    publish(national, title=NEW_NAME)
    html, from_cache = read(client, hits, elsewhere)
    assert not from_cache and f">{NEW_NAME}</a>" in html


def test_a_new_section_and_an_unpublished_one_reach_every_page(client, hits, home, elsewhere):
    cached(client, hits, elsewhere)
    added = home.add_child(instance=SectionPage(title="Science desk", slug="science"))
    assert 'href="/science/"' in read(client, hits, elsewhere)[0]
    cached(client, hits, elsewhere)
    added.unpublish()
    assert 'href="/science/"' not in read(client, hits, elsewhere)[0]


def test_moving_a_section_reorders_the_navigation_on_every_page(client, hits, home, elsewhere):
    national = find_section("national")
    cached(client, hits, elsewhere)
    national.move(home, pos="last-child")
    html, from_cache = read(client, hits, elsewhere)
    assert not from_cache
    assert html.index('href="/national/"') > html.index('href="/business/"')


def test_a_draft_and_an_introduction_purge_no_unrelated_page(client, hits, elsewhere):
    """Only published navigation fields count: a draft retitle and a published intro edit
    leave another section's article in the cache; the section page shows the new intro."""
    national = find_section("national")
    cached(client, hits, national.url)
    cached(client, hits, elsewhere)
    national.title = NEW_NAME
    national.save_revision()  # a draft: readers still see the live title
    assert read(client, hits, elsewhere)[1]
    national = find_section("national")
    publish(national, intro="A new introduction for the desk.")
    assert read(client, hits, elsewhere)[1]
    html, from_cache = read(client, hits, national.url)
    assert not from_cache and "A new introduction for the desk." in html
    assert f">{NEW_NAME}<" not in html


def test_moving_an_article_purges_no_unrelated_page(client, hits, elsewhere, politics):
    """Wagtail saves and signals a moved page as a plain `Page` row: it is still an article,
    whose move changes no navigation (it purged every page while the check read the
    instance's own class)."""
    cached(client, hits, elsewhere)
    article = politics.articles().first()
    article.move(find_section("national"), pos="last-child")
    assert read(client, hits, elsewhere)[1]
