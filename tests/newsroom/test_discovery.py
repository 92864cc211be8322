"""Feeds, sitemaps, canonical links, social cards and NewsArticle JSON-LD."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from broadsheet.newsroom.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def test_site_feed_parses_without_errors_and_lists_newest_first(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) >= 24
    newest = ArticlePage.objects.live().order_by("-published_at").first()
    assert feed.entries[0].title == newest.title
    assert feed.entries[0].link.endswith(newest.url)
    assert feed.entries[0].author


@pytest.mark.parametrize("path", ["national", "national/politics", "business", "opinion"])
def test_section_feeds_hold_only_their_section(client, path):
    section = SectionPage.objects.get(url_path=f"/home/{path}/")
    response = client.get(f"/{path}/feed/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries
    urls = {a.get_full_url() for a in section.articles()}
    assert {e.link for e in feed.entries} <= urls


def test_sitemap_is_valid_xml_listing_every_article(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = etree.fromstring(response.content)
    locs = set()
    for file in index.xpath("//s:sitemap/s:loc", namespaces=SITEMAP_NS):
        response = client.get(file.text)
        assert response.status_code == 200
        root = etree.fromstring(response.content)
        locs |= {loc.text for loc in root.xpath("//s:url/s:loc", namespaces=SITEMAP_NS)}
    for article in ArticlePage.objects.live():
        assert article.get_full_url() in locs


def test_news_sitemap_holds_the_last_two_days_only(client):
    recent = ArticlePage.objects.live().filter(
        published_at__gte=timezone.now() - dt.timedelta(days=2)
    )
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    titles = [t.text for t in root.xpath("//n:title", namespaces=SITEMAP_NS)]
    assert sorted(titles) == sorted(a.title for a in recent)
    assert titles, "the demo always has articles from the last two days"
    for date in root.xpath("//n:publication_date", namespaces=SITEMAP_NS):
        dt.datetime.fromisoformat(date.text)


def test_article_has_canonical_open_graph_twitter_and_news_article_json_ld(client, article):
    response = client.get(article.url)
    tree = lxml_html.fromstring(response.content)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')[0]
    assert canonical == article.get_full_url()
    assert tree.xpath('//meta[@property="og:title"]/@content')[0] == article.title
    assert tree.xpath('//meta[@property="og:type"]/@content')[0] == "article"
    assert tree.xpath('//meta[@name="twitter:card"]/@content')[0] == "summary"
    blocks = tree.xpath('//script[@type="application/ld+json"]/text()')
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert dt.datetime.fromisoformat(data["datePublished"]) == article.published_at
    assert data["author"] == [{"@type": "Person", "name": a.name} for a in article.authors.all()]
    assert data["mainEntityOfPage"]["@id"] == canonical
    assert data["publisher"]["name"] == "Broadsheet"


def test_json_ld_cannot_be_broken_out_of(client, article):
    """A headline containing </script> stays inside the JSON-LD block."""
    article.title = "Tricky </script><script>alert(1)</script> headline"
    article.save_revision().publish()
    response = client.get(article.url)
    body = response.content.decode()
    ld = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(ld)["headline"] == article.title


def test_robots_txt_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
