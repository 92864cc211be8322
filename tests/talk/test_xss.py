"""The 1,000 cross-site-scripting payloads as comments and as display names: every one is
stored or refused with a reason, and no page that shows them runs or loads anything."""

from __future__ import annotations

import pytest

from broadsheet.talk.services import CommentError, approve_comment, set_up_commenter
from tests.xss import injected_markup, payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_config(config):
    """No rate limits or duplicate checks in the way: every payload reaches the renderer."""
    config.account_limit = config.ip_limit = 10_000
    config.duplicate_window_hours = 0
    config.save()
    return config


def test_every_payload_as_a_comment_renders_inert(
    client, article, reader, moderator, post, open_config
):
    stored = refused = 0
    for payload in payloads():
        try:
            comment = post(reader, payload)
        except CommentError as error:
            assert error.status < 500, payload
            refused += 1
            continue
        stored += 1
        if comment.status != "published":
            approve_comment(moderator, comment.pk)  # approved links become clickable: worst case
    assert stored > 900
    client.force_login(reader)
    page = 1
    while True:
        response = client.get(article.url, {"cpage": page, "csort": "oldest"})
        assert response.status_code == 200
        assert injected_markup(response.content) == [], page
        if f"cpage={page + 1}".encode() not in response.content:
            break
        page += 1
    assert page * 20 >= stored


def test_every_payload_as_a_display_name_is_refused_or_rendered_inert(
    client, article, django_user_model, post, open_config
):
    users = []
    for n, payload in enumerate(payloads()[:300]):
        user = django_user_model.objects.create_user(f"xss-name-{n}")
        try:
            set_up_commenter(user, payload, accept_policy=True)
        except CommentError as error:
            assert error.status < 500
            continue
        post(user, f"Comment number {n}")
        users.append(user)
    assert users
    response = client.get(article.url, {"csort": "newest"})
    assert injected_markup(response.content) == []
