"""Editors work in the Wagtail admin: drafts, revisions, preview; images with caption and credit."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from lxml import html as lxml_html
from PIL import Image as PILImage
from wagtail.images.models import Image

from broadsheet.newsroom.staff import create_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user, _ = create_staff_user("editor-test", "editor", "a-long-test-password-123")
    return user


@pytest.fixture
def picture():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (30, 70, 110)).save(buffer, "PNG")
    return Image.objects.create(title="Harbour at dawn", file=ImageFile(buffer, name="harbour.png"))


def test_editor_can_open_the_article_editor_and_preview(client, editor, article, verified_login):
    verified_login(client, editor)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{article.pk}/revisions/").status_code in (200, 302)
    assert client.get("/admin/").status_code == 200


def test_draft_changes_stay_unpublished_until_published(client, article):
    live_title = article.title
    article.title = "A draft headline nobody sees yet"
    article.save_revision()
    assert client.get(article.url).content.decode().count("A draft headline") == 0
    article.get_latest_revision().publish()
    assert "A draft headline nobody sees yet" in client.get(article.url).content.decode()
    assert article.revisions.count() >= 2
    assert live_title != article.title


def test_moderators_cannot_edit_pages(client, article, verified_login):
    moderator, _ = create_staff_user("moderator-test", "moderator", "another-long-password-1")
    verified_login(client, moderator)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)


def test_image_blocks_render_alt_caption_and_credit(client, article, picture):
    article.body.append(
        (
            "image",
            {
                "image": picture,
                "alt_text": "Fishing boats at the pier",
                "caption": "Boats return to Busan's harbour.",
                "credit": "Broadsheet staff",
            },
        )
    )
    article.lead_image = picture
    article.lead_image_alt = "Boats in the harbour"
    article.save_revision().publish()
    response = client.get(article.url)
    tree = lxml_html.fromstring(response.content)
    figure = tree.xpath('//div[@data-article-body]//figure[@class="bs-figure"]')[0]
    img = figure.xpath(".//img")[0]
    assert img.get("alt") == "Fishing boats at the pier"
    assert img.get("width") and img.get("height")
    assert "Boats return to Busan" in figure.xpath(".//figcaption")[0].text_content()
    assert "Broadsheet staff" in figure.xpath(".//figcaption")[0].text_content()
    assert b'"image":["http' in response.content, "JSON-LD carries the lead image"
