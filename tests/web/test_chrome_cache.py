"""The page chrome's cached parts (masthead, navigation, footer: core's
`components/chrome_part.html`, keyed by `web.context_processors.chrome_key`) follow the
language, the display cookies, the path and the tree, and hold nothing about the reader.

The suite runs with the page cache off, so each request here renders the page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from broadsheet.newsroom.models import SectionPage

pytestmark = pytest.mark.django_db


def page(client, url, **cookies) -> str:
    client.cookies.load(cookies)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def part(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_a_repeat_render_is_the_same_page(client, article):
    first = page(client, article.url)
    assert page(client, article.url) == first
    assert 'aria-current="true">National</a>' in first


def test_display_cookies_and_language_each_get_their_own_chrome(
    client, article, compile_translations
):
    page(client, article.url)
    dark = page(client, article.url, bs_theme="dark")
    assert 'value="dark" aria-pressed="true"' in dark
    assert 'value="system" aria-pressed="true"' not in dark
    korean = page(client, article.url, bs_theme="system", django_language="ko")
    assert 'value="system" aria-pressed="true"' in korean
    assert "검색" in part(korean, '<header class="bs-masthead">', "</header>")


def test_each_path_names_itself_in_the_language_and_display_forms(client, article, politics):
    page(client, article.url)
    section = page(client, politics.url)
    assert f'<input type="hidden" name="next" value="{politics.url}">' in section
    assert f"?next={article.url}" not in section
    with_query = page(client, article.url + "?utm_source=mail")
    assert "utm_source%3Dmail" in with_query  # rendered, not the cached copy


def test_a_new_section_reaches_the_navigation_of_cached_pages(client, article, home):
    page(client, article.url)
    home.add_child(instance=SectionPage(title="Weather", slug="weather")).save_revision().publish()
    assert ">Weather</a>" in part(page(client, article.url), 'class="bs-nav"', "</nav>")


def test_the_login_state_is_never_in_the_cached_chrome(client, article):
    anonymous = page(client, article.url)
    reader = get_user_model().objects.create_user("chrome-reader", password="x" * 16)
    client.force_login(reader)
    logged_in = page(client, article.url)
    assert "My account" in logged_in and "My account" not in anonymous
    client.logout()
    assert "My account" not in page(client, article.url)
