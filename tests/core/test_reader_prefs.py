"""The reader's theme and text size: a form that works without JavaScript, kept in cookies."""

from __future__ import annotations

import pytest
from django.conf import settings

from broadsheet.core import reader_prefs

pytestmark = pytest.mark.django_db


def test_the_form_sets_the_theme_cookie_and_returns_to_the_page(client, article):
    response = client.post("/display/", {"theme": "dark", "next": article.url})
    assert response.status_code == 302
    assert response["Location"] == article.url
    cookie = response.cookies[reader_prefs.THEME_COOKIE]
    assert cookie.value == "dark"
    assert cookie["max-age"] == settings.READER_PREFS_COOKIE_AGE
    assert cookie["samesite"] == "Lax"
    page = client.get(article.url).content.decode()
    assert 'class="bs-theme-dark bs-text-standard"' in page
    assert 'name="theme" value="dark" aria-pressed="true"' in page


def test_the_text_size_is_kept_apart_from_the_theme(client, article):
    client.post("/display/", {"theme": "light"})
    response = client.post("/display/", {"text_size": "large", "next": article.url})
    assert reader_prefs.THEME_COOKIE not in response.cookies
    page = client.get(article.url).content.decode()
    assert 'class="bs-theme-light bs-text-large"' in page


def test_every_page_offers_the_form_without_javascript(client, article):
    page = client.get(article.url).content.decode()
    assert '<form class="bs-display" action="/display/" method="post"' in page
    for value in (*reader_prefs.THEMES, *reader_prefs.TEXT_SIZES):
        assert f'value="{value}"' in page


@pytest.mark.parametrize(
    "data",
    [{}, {"theme": "neon"}, {"text_size": "huge"}, {"theme": "dark", "text_size": ""}],
)
def test_bad_choices_get_a_400_and_no_cookie(client, data):
    response = client.post("/display/", data)
    assert response.status_code == 400
    assert not response.cookies


def test_a_foreign_next_goes_home(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/display/", {"theme": "dark", "next": target})
        assert response["Location"] == "/"


def test_a_cross_site_post_is_refused(client):
    response = client.post("/display/", {"theme": "dark"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not response.cookies


def test_get_is_not_allowed(client):
    assert client.get("/display/?theme=dark").status_code == 405
