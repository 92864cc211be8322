"""Reader pages of the page tree: home, sections, articles, breadcrumbs, 404s."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from broadsheet.newsroom.models import ArticlePage, SectionPage
from broadsheet.newsroom.services import find_section

pytestmark = pytest.mark.django_db


def breadcrumb_names(response) -> list[str]:
    tree = lxml_html.fromstring(response.content)
    crumbs = tree.xpath('//ol[@itemtype="https://schema.org/BreadcrumbList"]/li')
    return [c.xpath('.//*[@itemprop="name"]')[0].text_content().strip() for c in crumbs]


def test_demo_newsroom_has_the_sections_and_enough_articles(home):
    """The demo paper has National (Politics, Social Affairs), Business, Culture, Sports, Opinion."""
    top = [s.title for s in SectionPage.objects.child_of(home)]
    assert top == ["National", "Business", "Culture", "Sports", "Opinion"]
    national = find_section("national")
    assert [s.title for s in SectionPage.objects.child_of(national)] == [
        "Politics",
        "Social Affairs",
    ]
    assert ArticlePage.objects.live().count() >= 24
    for section in SectionPage.objects.all():
        if not SectionPage.objects.child_of(section).exists():
            assert section.articles().exists(), f"{section.title} has no articles"


def test_demo_dates_are_spread_over_several_weeks():
    dates = sorted(ArticlePage.objects.values_list("published_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 21


def test_home_page_leads_with_every_top_level_section(client, home):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for section in SectionPage.objects.child_of(home):
        assert f'id="section-{section.slug}"' in body


def test_section_page_lists_newest_first_with_breadcrumbs(client, politics):
    response = client.get(politics.url)
    assert response.status_code == 200
    assert breadcrumb_names(response) == ["Home", "National", "Politics"]
    listed = [a.pk for a in response.context["articles_page"]]
    expected = list(politics.articles().values_list("pk", flat=True)[: len(listed)])
    assert listed == expected


def test_article_page_shows_headline_byline_dates_and_breadcrumbs(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert breadcrumb_names(response) == ["Home", "National", "Politics"]
    assert f">{article.title}<".replace("'", "&#x27;") in body or article.title in body
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00">', body), (
        "times are marked up in ISO 8601 with the KST offset"
    )
    assert "KST" in body
    for author in article.authors.all():
        assert author.name in body
    assert 'data-module="core/print"' in body


def test_article_body_renders_quotes_with_attribution(client):
    with_quote = next(
        a for a in ArticlePage.objects.live() if any(b.block_type == "quote" for b in a.body)
    )
    response = client.get(with_quote.url)
    tree = lxml_html.fromstring(response.content)
    figures = tree.xpath('//figure[@class="bs-quote"]')
    assert figures
    assert figures[0].xpath(".//cite")[0].text_content().strip()


def test_related_articles_come_from_the_same_section(client, article):
    response = client.get(article.url)
    related = response.context["related_articles"]
    assert related
    assert all(r.get_parent().pk == article.get_parent().pk for r in related)
    assert article.pk not in [r.pk for r in related]


@pytest.mark.parametrize("page_param", ["0", "-1", "abc", "999", "1.5", "%00", "9" * 40])
def test_malformed_or_out_of_range_page_numbers_are_404(client, politics, page_param):
    response = client.get(politics.url, {"page": page_param})
    assert response.status_code == 404


def test_unknown_url_gets_the_branded_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b"bs-masthead" in response.content


def test_404_is_in_the_readers_language(client, compile_translations):
    client.cookies["django_language"] = "ko"
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert 'lang="ko"' in response.content.decode()
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_language_switch_sets_cookie_and_returns(client, compile_translations):
    response = client.get("/language/ko/", {"next": "/national/"})
    assert response.status_code == 302
    assert response["Location"] == "/national/"
    assert response.cookies["django_language"].value == "ko"
    page = client.get("/national/")
    assert 'lang="ko"' in page.content.decode()


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404


def test_search_finds_articles_by_body_text(client, article):
    word = next(w for w in article.plain_text().split() if len(w) > 7 and w.isalpha())
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    assert article.pk in [a.pk for a in response.context["results_page"]]


@pytest.mark.parametrize("query", ["x" * 201, "bad\x00query", "tab\x01"])
def test_search_rejects_invalid_queries_with_400(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_scheduled_article_goes_live_when_publish_scheduled_runs(politics):
    """An editor schedules an article; Wagtail's publish_scheduled (run each minute by
    ./run serve) publishes it once its time has come."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    article = ArticlePage(
        title="Scheduled story",
        slug="scheduled-story",
        body=[("paragraph", "<p>Later.</p>")],
        live=False,
    )
    politics.add_child(instance=article)
    revision = article.save_revision(approved_go_live_at=timezone.now() + dt.timedelta(hours=1))
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live
    revision.approved_go_live_at = timezone.now() - dt.timedelta(seconds=1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live


def test_demo_dates_never_lie_in_the_future():
    from django.utils import timezone

    now = timezone.now()
    for published, updated in ArticlePage.objects.values_list("published_at", "updated_at"):
        assert published <= now
        assert updated is None or published < updated <= now


@pytest.mark.parametrize("query", ['"unclosed', "AND OR NOT", "talks*", "(six-party)", "a:b", "’"])
def test_search_operators_and_punctuation_are_just_text(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
