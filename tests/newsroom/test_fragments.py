"""The cached parts of an uncached article render follow every change that shows on it.

The suite runs with the page cache off and the fragment caches on (their default), so each
request here renders the page; the parts that are the same for every reader come from the
cache (newsroom/fragments.py) until something they show changes.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db


def render(client, url, **cookies) -> tuple[str, int]:
    client.cookies.load(cookies)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_repeat_render_reads_the_fragments_and_no_article_data(client, article):
    """Same HTML, and only the router's query: byline, tags, related articles and the
    comments panel come from the cache."""
    first, first_queries = render(client, article.url)
    again, queries = render(client, article.url)
    assert again == first
    assert queries < first_queries and queries <= 2


def test_with_fragments_off_every_render_reads_everything(client, article, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    render(client, article.url)  # warms what is not the article's (renditions, providers)
    _, second = render(client, article.url)
    _, third = render(client, article.url)
    assert third == second > 2


def test_an_edited_and_retitled_article_is_shown_at_once(client, article):
    render(client, article.url)
    article.title = "A retitled story"
    article.body = [("paragraph", RichText("<p>A sentence added by the desk.</p>"))]
    article.save_revision().publish()
    html, _ = render(client, article.url)
    assert '<h1 class="bs-article__headline">A retitled story</h1>' in html
    assert "A sentence added by the desk." in html
    assert "A retitled story" in html[: html.index("</head>")]  # the meta fragment too


def test_a_sibling_published_joins_the_related_articles(client, article, politics):
    html, _ = render(client, article.url)
    assert "Fresh from the desk" not in html
    newest = politics.articles()[1]  # the fixture's article is the first
    newest.title = "Fresh from the desk"
    newest.save_revision().publish()
    html, _ = render(client, article.url)
    related = html[html.index('class="bs-related"') :]
    assert "Fresh from the desk" in related


def test_a_renamed_section_changes_breadcrumbs_and_related_heading(client, article, politics):
    render(client, article.url)
    politics.title = "Government"
    politics.save_revision().publish()
    html, _ = render(client, article.url)
    crumbs = html[
        html.index('class="bs-breadcrumbs"') : html.index("</nav>", html.index("bs-breadcrumbs"))
    ]
    assert "Government" in crumbs and "Politics" not in crumbs
    assert "More from Government" in html


def test_each_language_gets_its_own_fragments(client, article, compile_translations):
    english, _ = render(client, article.url)
    korean, _ = render(client, article.url, django_language="ko")
    assert "입력" in korean and "기사 더 보기" in korean and "현재 위치" in korean
    assert "More from" not in korean
    english_again, _ = render(client, article.url, django_language="en")
    assert english_again == english


def test_display_cookies_change_the_page_but_share_the_fragments(client, article):
    plain, first_queries = render(client, article.url)
    dark, queries = render(client, article.url, bs_theme="dark", bs_text="larger")
    assert 'class="bs-theme-dark bs-text-larger"' in dark
    assert 'value="dark" aria-pressed="true"' in dark
    assert 'class="bs-theme-dark' not in plain
    assert queries < first_queries
    body = plain[plain.index("<main") : plain.index("</main>")]
    assert body == dark[dark.index("<main") : dark.index("</main>")]


def test_a_preview_of_a_draft_neither_reads_nor_writes_the_fragments(client, article, rf):
    render(client, article.url)
    live_title = article.title
    article.title = "A draft headline"
    revision = article.save_revision()
    draft = revision.as_object()
    preview = draft.make_preview_request(rf.get(article.url)).content.decode()
    assert '<h1 class="bs-article__headline">A draft headline</h1>' in preview
    html, _ = render(client, article.url)
    assert f'<h1 class="bs-article__headline">{live_title}</h1>' in html
    assert "A draft headline" not in html
