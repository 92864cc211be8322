"""Only what is public is public: a draft, a scheduled and a private article, each with a
glossary term and a published comment, are revealed by no reader-facing URL or API.

The API operations that take an article are read from the OpenAPI schema, so a new one
fails here until it is probed below.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.api import api
from broadsheet.lexicon import glossary
from broadsheet.lexicon.models import GlossaryTerm
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db

TERM = "harbour"  # a dictionary word: lookups answer 200 with or without the article's term


def _article(politics, kind: str) -> ArticlePage:
    article = ArticlePage(
        title=f"Headline-{kind}-embargoed",
        slug=f"embargoed-{kind}",
        body=[("paragraph", f"<p>Bodytext-{kind}-embargoed harbour.</p>")],
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
    """The article's headline, text, term, comment and slug (so its URL too)."""
    parts = ("Headline", "Bodytext", "Termtext", "Commenttext")
    return [f"{what}-{kind}-embargoed" for what in parts] + [f"embargoed-{kind}"]


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
        "news sitemap": reader_client.get("/news-sitemap.xml"),
        "search": reader_client.get("/search/", {"q": "embargoed"}),
        "section page": reader_client.get(politics.url),
    }
    for (method, path), probe in _api_probes(reader_client, article).items():
        for i, response in enumerate(_responses(probe())):
            responses[f"{method} {path} #{i}"] = response
    for name, response in responses.items():
        assert response.status_code < 500, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        # The page's own 404 names the URL asked for (language links), not the article.
        for secret in secrets[:-1] if name == "page" else secrets:
            assert secret not in text, f"{name} reveals {secret}"
    for name in (
        "GET /api/dictionary/articles/{article_id}/glossary #0",
        "GET /api/comments/articles/{article_id} #0",
        "POST /api/comments/articles/{article_id} #0",
        "form post",
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
