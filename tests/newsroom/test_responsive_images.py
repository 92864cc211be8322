"""Article images are Wagtail renditions offered as AVIF, WebP and JPEG at several widths.

The demo paper carries drawn key-figure cards (newsroom/demo_figures.py): a lead image on the
chip-exports article, an image block inside the celadon article's body.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

WIDTHS = ("480w", "800w", "1200w")


def _picture(html: str) -> str:
    match = re.search(r"<picture>.*?</picture>", html, re.S)
    assert match, "no <picture> on the page"
    return match.group(0)


def _img(picture: str) -> dict[str, str]:
    tag = re.search(r"<img\b[^>]*>", picture).group(0)
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))


@pytest.fixture
def reader(db):
    return Client()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _get(client: Client, slug: str) -> str:
    from broadsheet.newsroom.models import ArticlePage

    response = client.get(ArticlePage.objects.get(slug=slug).url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_image_offers_avif_and_webp_at_three_widths_and_loads_at_once(reader):
    picture = _picture(_get(reader, "chip-exports-record-september"))
    sources = re.findall(r'<source\b[^>]*type="([^"]+)"', picture)
    assert sources == ["image/avif", "image/webp"]
    for srcset in re.findall(r'srcset="([^"]+)"', picture):
        assert [part.split()[-1] for part in srcset.split(", ")] == list(WIDTHS)
    img = _img(picture)
    assert img["width"].isdigit() and img["height"].isdigit()
    assert int(img["width"]) * 9 == int(img["height"]) * 16  # the card's 16:9 shape
    assert img["alt"].startswith("A card of key figures")
    assert img.get("fetchpriority") == "high" and "loading" not in img
    assert img["src"].endswith(".jpg")


def test_an_image_in_the_body_is_lazy_with_explicit_dimensions(reader):
    img = _img(_picture(_get(reader, "goryeo-celadon-exhibition-national-museum")))
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert img["width"].isdigit() and img["height"].isdigit()


def test_every_offered_rendition_is_served_with_its_type(reader):
    picture = _picture(_get(reader, "chip-exports-record-september"))
    urls = {u.split()[0] for s in re.findall(r'srcset="([^"]+)"', picture) for u in s.split(", ")}
    assert len(urls) == 9
    types = {".avif": "image/avif", ".webp": "image/webp", ".jpg": "image/jpeg"}
    for url in sorted(urls):
        response = reader.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert response["Content-Type"] == types[url[url.rindex(".") :]]
        assert 0 < len(body) < 60_000, (url, len(body))


def test_avif_is_the_smallest_of_the_three_at_full_width(reader):
    picture = _picture(_get(reader, "chip-exports-record-september"))
    full = [u.split()[0] for s in re.findall(r'srcset="([^"]+)"', picture) for u in s.split(", ")]
    sizes = {
        u[u.rindex(".") :]: len(_body(reader.get(u)))
        for u in full
        if u.endswith(("1200.avif", "1200.webp", "1200.jpg"))
    }
    assert sizes[".avif"] < sizes[".webp"] < sizes[".jpg"], sizes
