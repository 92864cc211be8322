"""Only what is public is public: a draft, a scheduled and a private article, each with a
glossary term, a published comment, a lead image and an image in its body, are revealed by
no reader-facing URL or API, and the files of their images (originals and renditions) are
not served to readers at /media/.

The API operations that take an article are read from the OpenAPI schema, so a new one
fails here until it is probed below.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from broadsheet.api import api
from broadsheet.lexicon import glossary
from broadsheet.lexicon.models import GlossaryTerm
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db

TERM = "harbour"  # a dictionary word: lookups answer 200 with or without the article's term
# Renditions the article page (one of its <picture> sources), its JSON-LD and the admin's
# chooser make of an image.
RENDITIONS = ("format-avif|width-800", "width-1200", "max-165x165")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test's own files and rendition cache (ids are reused after a rollback)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": str(tmp_path),
    }
    settings.CACHES = {**settings.CACHES, "renditions": renditions}


def _image(name: str):
    data = io.BytesIO()
    PillowImage.new("RGB", (48, 32), (200, 30, 30)).save(data, "PNG")
    return get_image_model().objects.create(
        title=f"Imagecaption-{name}", file=ImageFile(data, name=f"{name}.png"), width=48, height=32
    )


def _image_urls(article: ArticlePage) -> list[str]:
    """The /media/ URLs of the article's images: originals and the renditions pages use."""
    images = [
        article.lead_image,
        *(b.value["image"] for b in article.body if b.block_type == "image"),
    ]
    return [
        url
        for image in images
        for url in (image.file.url, *(image.get_rendition(spec).url for spec in RENDITIONS))
    ]


def _article(politics, kind: str) -> ArticlePage:
    body_image = _image(f"embargoed-{kind}-body")
    article = ArticlePage(
        title=f"Headline-{kind}-embargoed",
        slug=f"embargoed-{kind}",
        body=[
            ("paragraph", f"<p>Bodytext-{kind}-embargoed harbour.</p>"),
            ("image", {"image": body_image, "alt_text": f"Imagealt-{kind}-embargoed"}),
        ],
        lead_image=_image(f"embargoed-{kind}-lead"),
        lead_image_alt=f"Leadalt-{kind}-embargoed",
        live=kind in ("private", "public"),
    )
    politics.add_child(instance=article)
    if kind == "scheduled":
        article.save_revision(approved_go_live_at=timezone.now() + dt.timedelta(days=1))
    elif kind == "draft":
        article.save_revision()
    else:
        article.save_revision().publish()
    if kind == "private":
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="not-guessed"
        )
    GlossaryTerm.objects.create(
        term=TERM, explanation=f"Termtext-{kind}-embargoed", article=article
    )
    Comment.objects.create(
        article=article,
        text=f"Commenttext-{kind}-embargoed",
        status=CommentStatus.PUBLISHED,
        idempotency_key=f"key-{kind}",
    )
    glossary.invalidate()
    return ArticlePage.objects.get(pk=article.pk)


def _secrets(kind: str) -> list[str]:
    """The article's headline, text, term, comment, image texts and slug (so its URL and its
    images' file names too)."""
    parts = ("Headline", "Bodytext", "Termtext", "Commenttext", "Imagealt", "Leadalt")
    return [
        *(f"{what}-{kind}-embargoed" for what in parts),
        f"Imagecaption-embargoed-{kind}",
        f"embargoed-{kind}",
    ]


@pytest.fixture
def reader_client(client):
    client.force_login(get_user_model().objects.create_user("walker", password="x" * 12))
    return client


def _api_probes(client, article: ArticlePage) -> dict[tuple[str, str], object]:
    """One request per API operation that takes an article, keyed by (method, path)."""
    pk = article.pk
    return {
        ("GET", "/api/dictionary/articles/{article_id}/glossary"): lambda: client.get(
            f"/api/dictionary/articles/{pk}/glossary"
        ),
        ("GET", "/api/dictionary/{text}"): lambda: client.get(
            f"/api/dictionary/{TERM}", {"article": pk}
        ),
        ("GET", "/api/comments/articles/{article_id}"): lambda: client.get(
            f"/api/comments/articles/{pk}"
        ),
        ("POST", "/api/comments/articles/{article_id}"): lambda: client.post(
            f"/api/comments/articles/{pk}",
            {"text": "A reply to something hidden."},
            content_type="application/json",
        ),
        ("POST", "/api/dictionary/my/words"): lambda: (
            client.post(
                "/api/dictionary/my/words",
                {"text": TERM, "sentence": "", "article_id": pk},
                content_type="application/json",
            ),
            client.get("/api/dictionary/my/words"),
        ),
    }


def _takes_an_article(operation: dict, schema: dict) -> bool:
    if any("article" in p["name"] for p in operation.get("parameters", [])):
        return True
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = body.get("schema", {}).get("$ref", "")
    properties = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return any("article" in name for name in properties.get("properties", {}))


def test_every_api_operation_that_takes_an_article_is_probed(client, politics):
    """A new API operation with an article parameter must be added to _api_probes."""
    schema = api.get_openapi_schema()
    taking = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if _takes_an_article(operation, schema)
    }
    probed = set(_api_probes(client, _article(politics, "public")))
    assert taking == probed


def _responses(result) -> list:
    return list(result) if isinstance(result, tuple) else [result]


@pytest.mark.parametrize("kind", ["draft", "scheduled", "private"])
def test_no_reader_url_or_api_reveals_an_unpublished_article(reader_client, politics, home, kind):
    """Page, glossary, comments, comment form, lookups, feeds, sitemaps and search."""
    article = _article(politics, kind)
    assert not ArticlePage.objects.live().public().filter(pk=article.pk).exists()
    secrets = _secrets(kind)
    responses = {
        "page": reader_client.get(f"{politics.url}{article.slug}/"),
        "form post": reader_client.post(
            f"/comments/article/{article.pk}/", {"text": "A reply to something hidden."}
        ),
        "dictionary page": reader_client.get(f"/dictionary/{TERM}/", {"article": article.pk}),
        "section feed": reader_client.get(f"{politics.url}feed/"),
        "home feed": reader_client.get(f"{home.url}feed/"),
        "sitemap": reader_client.get("/sitemap.xml"),
        "sitemap file": reader_client.get(
            "/sitemap-articles.xml", {"p": article.pk // settings.NEWSROOM_SITEMAP_MAX_URLS + 1}
        ),
        "news sitemap": reader_client.get("/news-sitemap.xml"),
        "search": reader_client.get("/search/", {"q": "embargoed"}),
        "section page": reader_client.get(politics.url),
    }
    for (method, path), probe in _api_probes(reader_client, article).items():
        for i, response in enumerate(_responses(probe())):
            responses[f"{method} {path} #{i}"] = response
    media = {f"media {url}": reader_client.get(url) for url in _image_urls(article)}
    responses.update(media)
    for name, response in responses.items():
        assert response.status_code < 500, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        # The page's own 404 names the URL asked for (language links), not the article.
        # (So do /media/ 404s: the file names asked for carry the slug.)
        hidden = secrets[:-1] if name == "page" or name.startswith("media ") else secrets
        for secret in hidden:
            assert secret not in text, f"{name} reveals {secret}"
    for name in (
        "GET /api/dictionary/articles/{article_id}/glossary #0",
        "GET /api/comments/articles/{article_id} #0",
        "POST /api/comments/articles/{article_id} #0",
        "form post",
        *media,
    ):
        assert responses[name].status_code == 404, name


def test_the_probes_do_see_a_public_article(reader_client, politics):
    """The same probes find the term and comment of a live, public article (they can see)."""
    article = _article(politics, "public")
    probes = _api_probes(reader_client, article)
    glossary_answer = probes[("GET", "/api/dictionary/articles/{article_id}/glossary")]()
    assert "Termtext-public-embargoed" in glossary_answer.content.decode()
    lookup = probes[("GET", "/api/dictionary/{text}")]()
    assert "Termtext-public-embargoed" in lookup.content.decode()
    comments = probes[("GET", "/api/comments/articles/{article_id}")]()
    assert "Commenttext-public-embargoed" in comments.content.decode()


def test_a_public_articles_images_are_shown_and_served(reader_client, politics):
    """The control for the media probes: the same URLs serve a live, public article's images."""
    article = _article(politics, "public")
    page = reader_client.get(article.url).content.decode()
    urls = _image_urls(article)
    assert urls[1] in page and urls[5] in page  # the lead and body images' AVIF renditions
    for url in urls:
        response = reader_client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


@pytest.mark.parametrize("kind", ["draft", "scheduled", "private"])
def test_staff_who_can_reach_the_admin_see_unpublished_images(
    client, politics, kind, verified_login
):
    """Editors preview and choose images in the admin: their renditions are served to them,
    once they have given their second factor (with the password alone they are readers)."""
    article = _article(politics, kind)
    editor = get_user_model().objects.create_superuser("image-editor", password="x" * 12)
    client.force_login(editor)
    for url in _image_urls(article):
        assert client.get(url).status_code == 404, url
    verified_login(client, editor)
    for url in _image_urls(article):
        assert client.get(url).status_code == 200, url


def test_media_files_that_are_no_image_are_not_served(reader_client, settings):
    """Only image files the database knows: no other file under /media/, no path tricks."""
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "secret.pdf").write_bytes(b"%PDF-1.4")
    for path in ("documents/secret.pdf", "../settings.py", "images/", "original_images/x.png"):
        assert reader_client.get(f"/media/{path}").status_code == 404, path
