"""The anonymous comments panel kept in the cache: shared by anonymous readers only, and
changed by every comment that shows on the article (page cache off, fragment caches on)."""

from __future__ import annotations

import re

import pytest

from broadsheet.talk import services

pytestmark = pytest.mark.django_db


def comments(client, article) -> str:
    html = client.get(article.url).content.decode()
    return html[html.index('id="comments"') :]


def test_a_comment_shown_then_hidden_changes_the_next_anonymous_render(
    client, article, post, reader, moderator, django_capture_on_commit_callbacks
):
    """Talk refreshes the article's pages once a write commits (on_commit): run those."""
    assert "a remark on the summit" not in comments(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(reader, "a remark on the summit")
    assert "a remark on the summit" in comments(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_comment(moderator, comment.pk)
    assert "a remark on the summit" not in comments(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_comment(moderator, comment.pk)
    assert "a remark on the summit" in comments(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_comment(reader, comment.pk)
    assert "a remark on the summit" not in comments(client, article)


def test_logged_in_readers_get_their_own_form_never_the_shared_panel(
    client, article, make_reader, post
):
    alice, bob = make_reader("Alice Reader"), make_reader("Bob Reader")
    post(alice, "Alice's comment")
    anonymous = comments(client, article)
    assert "csrfmiddlewaretoken" not in anonymous and "idempotency_key" not in anonymous
    client.force_login(alice)
    as_alice = comments(client, article)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', as_alice).group(1)
    client.logout()
    client.force_login(bob)
    as_bob = comments(client, article)
    assert 'name="idempotency_key"' in as_bob
    assert token not in as_bob
    assert re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', as_bob).group(1) != token
    client.logout()
    assert comments(client, article) == anonymous


def test_another_order_of_comments_is_not_the_shared_panel(client, article):
    current = 'href="?csort={}#comments" aria-current="true"'
    newest = comments(client, article)
    assert current.format("newest") in newest
    oldest = client.get(article.url, {"csort": "oldest"}).content.decode()
    assert current.format("oldest") in oldest and current.format("newest") not in oldest
    assert comments(client, article) == newest
