"""An article's "More from" lists the articles of its section published just before it, so a
change to an article purges the pages of the few published just after it, never the section."""

from __future__ import annotations

import pytest

from broadsheet.core import page_cache
from broadsheet.newsroom.models import RELATED_ARTICLES
from broadsheet.talk.services.refresh import invalidate_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch) -> list[str]:
    """Every path the page cache is told to drop."""
    paths: list[str] = []
    real = page_cache.invalidate_paths

    def recording(given):
        given = list(given)
        paths.extend(given)
        real(given)

    monkeypatch.setattr(page_cache, "invalidate_paths", recording)
    return paths


def test_more_from_lists_the_articles_published_just_before(client, politics):
    articles = list(politics.articles())
    assert len(articles) >= RELATED_ARTICLES + 2, "the demo's politics section is big enough"
    middle = articles[1]
    html = client.get(middle.url).content.decode()
    related = html[html.index('class="bs-related"') :]
    shown = [a for a in articles if f'href="{a.url}"' in related]
    assert shown == articles[2 : 2 + RELATED_ARTICLES]


def test_an_edit_purges_the_pages_that_list_it_and_no_other_article(politics, purged):
    articles = list(politics.articles())
    edited = articles[RELATED_ARTICLES + 1]
    edited.title = "A headline changed by the desk"
    edited.save_revision().publish()
    article_urls = {a.url for a in articles}
    purged_articles = {path for path in purged if path in article_urls}
    # Its own page and the pages of the articles published just after it, whose "More from"
    # lists it; whatever the size of the section.
    assert purged_articles == {a.url for a in articles[1 : RELATED_ARTICLES + 2]}
    assert politics.url in purged


def test_a_visible_comment_purges_the_cards_that_show_its_count(politics, purged):
    articles = list(politics.articles())
    invalidate_article(articles[-1].pk)
    assert {a.url for a in articles[-1 - RELATED_ARTICLES : -1]} <= set(purged)
