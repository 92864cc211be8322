"""The comments section on article pages, the no-JavaScript forms and the JSON API."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.talk import app_settings
from broadsheet.talk.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db


def test_anonymous_article_page_shows_lock_help_and_no_csrf(client, article):
    """Logged-out readers see the lock, the login prompt and the help; nothing per-visitor."""
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "To write comments, please log in to one of the accounts." in html
    assert "Social comment?" in html and "<details" in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert 'style="' not in html and " onclick" not in html


def test_demo_comments_and_policy_link_are_shown(client, article):
    html = client.get(article.url).content.decode()
    assert "Minji K." in html and "Standards Board Policy" in html
    assert "/standards-board-policy/" in html


def test_policy_page_in_english_and_korean(client, home):
    english = client.get("/standards-board-policy/").content.decode()
    assert "Protect privacy" in english and 'id="clause-privacy"' in english
    client.cookies["django_language"] = "ko"
    korean = client.get("/standards-board-policy/").content.decode()
    assert "개인정보를 보호합니다" in korean


def test_policy_is_one_wagtail_page_per_language(client, home, article):
    """The Korean policy is a translation of the English page; Korean readers are shown it."""
    from wagtail.models import Locale

    from broadsheet.talk.models import PolicyPage

    english = PolicyPage.objects.get(locale=Locale.get_default())
    korean = english.get_translation(Locale.objects.get(language_code="ko"))
    assert korean.live and korean.title == "기준위원회 댓글 정책"
    assert [c.key for c in korean.clauses.all()] == [c.key for c in english.clauses.all()]
    assert 'lang="ko"' in client.get(korean.url).content.decode()
    assert f'href="{english.url}"' in client.get(article.url).content.decode()
    client.cookies["django_language"] = "ko"
    html = client.get(english.url).content.decode()
    assert 'lang="ko"' in html and "<h1>기준위원회 댓글 정책</h1>" in html
    assert f'href="{korean.url}"' in client.get(article.url).content.decode()


def test_comment_text_is_escaped_and_links_inert_until_approved(
    client, article, post, reader, moderator
):
    from broadsheet.talk import services

    comment = post(reader, "<script>alert(1)</script>\nsee https://example.com/a")
    services.approve_comment(moderator, comment.pk)
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in html
    assert 'href="https://example.com/a" rel="nofollow ugc noopener"' in html
    unapproved = post(reader, "and http://example.org/b too")
    Comment.objects.filter(pk=unapproved.pk).update(status=CommentStatus.PUBLISHED)
    services.invalidate_article(article.pk)  # what every write that shows a comment does
    html = client.get(article.url).content.decode()
    assert "http://example.org/b" in html and 'href="http://example.org/b"' not in html


def test_logged_in_reader_gets_the_form_with_counter(client, article, reader, settings):
    client.force_login(reader)
    html = client.get(article.url).content.decode()
    limit = settings.TALK_COMMENT_MAX_CHARACTERS
    assert 'name="idempotency_key"' in html and f"0/{limit} characters" in html
    assert 'data-module="talk/comments"' in html


def test_korean_counter_label(client, article, reader, compile_translations, settings):
    client.force_login(reader)
    client.cookies["django_language"] = "ko"
    html = client.get(article.url).content.decode()
    assert f"(0/{settings.TALK_COMMENT_MAX_CHARACTERS}자)" in html


def test_the_operator_sets_the_comment_limit(client, article, reader, config, settings):
    """TALK_COMMENT_MAX_CHARACTERS = 100: the form, its counter and the server all use 100."""
    settings.TALK_COMMENT_MAX_CHARACTERS = 100
    client.force_login(reader)
    html = client.get(article.url).content.decode()
    assert 'data-max="100"' in html and f'maxlength="{app_settings.max_comment_input()}"' in html
    assert "0/100 characters" in html
    over = client.post(
        f"/comments/article/{article.pk}/",
        {"text": "가" * 101, "idempotency_key": uuid.uuid4().hex},
    )
    assert over.status_code == 400
    assert "at most 100 characters; yours has 101" in over.content.decode()
    assert api_post(client, article, "나" * 101).json()["code"] == "too_long"
    assert api_post(client, article, "다" * 100).status_code == 201


def test_new_reader_sees_the_display_name_step(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_user("first-timer"))
    html = client.get(article.url).content.decode()
    assert 'name="display_name"' in html and 'name="accept_policy"' in html


def test_no_js_form_posts_and_redirects_to_the_comment(client, article, reader, config):
    client.force_login(reader)
    response = client.post(
        f"/comments/article/{article.pk}/",
        {"text": "Posted without JS", "idempotency_key": uuid.uuid4().hex},
    )
    comment = Comment.objects.get(author=reader)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_no_js_form_over_the_limit_keeps_the_text_and_says_why(
    client, article, reader, config, settings
):
    client.force_login(reader)
    limit = settings.TALK_COMMENT_MAX_CHARACTERS
    text = "가" * (limit + 10)
    response = client.post(
        f"/comments/article/{article.pk}/", {"text": text, "idempotency_key": uuid.uuid4().hex}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"at most {limit} characters; yours has {limit + 10}" in html and text in html


def test_no_js_form_needs_csrf(article, reader, config):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(f"/comments/article/{article.pk}/", {"text": "x"})
    assert response.status_code == 403


def test_setup_form(client, article, django_user_model):
    user = django_user_model.objects.create_user("setup-form-user")
    client.force_login(user)
    response = client.post(
        f"/comments/article/{article.pk}/setup/",
        {"display_name": "Setup Person", "accept_policy": "on"},
    )
    assert response.status_code == 302
    assert user.commenter.display_name == "Setup Person"


# --- API -------------------------------------------------------------------------------------


def api_post(client, article, text, key=None, **extra):
    return client.post(
        f"/api/comments/articles/{article.pk}",
        data=json.dumps({"text": text, **extra}),
        content_type="application/json",
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def test_api_post_is_idempotent(client, article, reader, config):
    client.force_login(reader)
    key = uuid.uuid4().hex
    first = api_post(client, article, "From the API", key)
    again = api_post(client, article, "From the API", key)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert 'id="comment-' in first.json()["html"]


def test_api_refusals_are_clear_4xx(client, article, reader, config, settings):
    client.force_login(reader)
    empty = api_post(client, article, "   ")
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    limit = settings.TALK_COMMENT_MAX_CHARACTERS
    long = api_post(client, article, "a" * (limit + 50))
    assert long.status_code == 400 and f"at most {limit} characters" in long.json()["detail"]
    missing = client.post(
        f"/api/comments/articles/{article.pk}", data="not json", content_type="application/json"
    )
    assert 400 <= missing.status_code < 500
    nowhere = api_post(client, type("A", (), {"pk": 999999})(), "hi")
    assert nowhere.status_code == 404


def test_api_rate_limit_answers_429_with_retry_after(client, article, reader, config):
    config.account_limit = 1
    config.save()
    client.force_login(reader)
    assert api_post(client, article, "first").status_code == 201
    response = api_post(client, article, "second")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0 and response.json()["retry_after"] > 0


def test_api_needs_login_and_csrf(article, reader):
    from django.test import Client

    anonymous = api_post(Client(), article, "hi")
    assert anonymous.status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert api_post(strict, article, "hi").status_code == 403


def test_api_recommend_and_report(client, article, post, reader, make_reader):
    comment = post(reader, "API target")
    client.force_login(make_reader())
    r = client.post(f"/api/comments/{comment.pk}/recommend")
    assert r.json() == {"recommended": True, "recommendations": 1}
    r = client.post(
        f"/api/comments/{comment.pk}/report",
        data=json.dumps({"reason": "spam"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["reported"]
    bad = client.post(
        f"/api/comments/{comment.pk}/report",
        data=json.dumps({"reason": "because"}),
        content_type="application/json",
    )
    assert bad.status_code == 422


# --- counts and query budgets ----------------------------------------------------------------


def test_section_listing_shows_comment_counts(client, politics, article):
    html = client.get(politics.url).content.decode()
    assert "4 comments" in html


def add_comments(article, n):
    from django.contrib.auth import get_user_model

    from broadsheet.talk.models import Commenter

    user = get_user_model().objects.create_user(f"bulk-{article.pk}-{n}")
    Commenter.objects.create(user=user, display_name=f"Bulk {n}")
    top = Comment.objects.bulk_create(
        Comment(
            article=article,
            author=user,
            text=f"Comment {i}",
            status="published",
            idempotency_key=f"bulk-{n}-{i}",
        )
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author=user,
            parent=top[i],
            text=f"Reply {i}",
            status="published",
            idempotency_key=f"bulk-r-{n}-{i}",
        )
        for i in range(0, n, 3)
    )


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_page_queries_do_not_grow_with_comments(
    client, article, reader, django_assert_max_num_queries
):
    """An article with hundreds of comments costs the same queries as one with a few."""
    client.force_login(reader)
    few = count_queries(client, article.url)
    add_comments(article, 600)
    with django_assert_max_num_queries(few):
        client.get(article.url)
    with django_assert_max_num_queries(few):
        client.get(article.url + "?csort=recommended&cpage=3")


def test_anonymous_article_page_query_budget(client, article, django_assert_max_num_queries):
    add_comments(article, 300)
    client.get(article.url)
    with django_assert_max_num_queries(40):
        client.get(article.url)
