"""The router's per-process copy of the site's shape follows every change to it at once."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from broadsheet.newsroom.models import SectionPage

pytestmark = pytest.mark.django_db


def nav(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('class="bs-nav"') : html.index("</nav>", html.index('class="bs-nav"'))]


def test_a_new_section_is_routed_and_in_the_navigation(client, home):
    assert "Weather" not in nav(client)
    section = home.add_child(instance=SectionPage(title="Weather", slug="weather"))
    section.save_revision().publish()
    assert client.get("/weather/").status_code == 200
    assert "Weather" in nav(client)


def test_a_renamed_unpublished_or_moved_section_is_seen_at_once(client, politics):
    assert client.get(politics.url).status_code == 200  # the copy is built
    politics.title = "Government"
    politics.save_revision().publish()
    assert "<h1>Government</h1>" in client.get("/national/politics/").content.decode()
    article = politics.articles().first()
    business = SectionPage.objects.get(url_path="/home/business/")
    politics.move(business, pos="last-child")
    assert client.get("/national/politics/")["Location"] == "/business/politics/"  # Wagtail
    assert client.get(f"/business/politics/{article.slug}/").status_code == 200
    politics.refresh_from_db()
    politics.unpublish()
    assert client.get("/business/politics/").status_code == 404


def test_a_view_restriction_applies_at_once_to_routes_lists_and_navigation(client, politics):
    national = politics.get_parent()
    article = politics.articles().first()
    assert client.get(article.url).status_code == 200
    assert "National" in nav(client)
    PageViewRestriction.objects.create(
        page=national, restriction_type=PageViewRestriction.PASSWORD, password="x" * 12
    )
    assert client.get(article.url).status_code == 200  # Wagtail's password form
    assert b"Password required" in client.get(article.url).content
    assert "National" not in nav(client)
    assert article.title not in client.get("/").content.decode()
