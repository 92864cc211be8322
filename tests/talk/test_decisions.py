"""Decisions stick: an edit never lowers a comment's state (docs/talk.md, "Decisions stick")."""

from __future__ import annotations

import json

import pytest

from broadsheet.talk import services
from broadsheet.talk.models import (
    ActionKind,
    Comment,
    CommentStatus,
    ModeratedWord,
    ModerationAction,
    WordKind,
)
from tests.talk.conftest import refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def banned_word(db):
    ModeratedWord.objects.get_or_create(word="blockhead", kind=WordKind.BANNED, language="en")
    return "blockhead"


def test_a_comment_held_for_a_new_reader_stays_held_after_an_edit(post, reader, config):
    """A one-character edit does not publish a comment held for a new reader."""
    config.hold_first_comments = 1
    config.save()
    held = post(reader, "My first comment")
    assert held.status == CommentStatus.PENDING
    edited = services.edit_comment(reader, held.pk, "My first comment!")
    assert edited.status == CommentStatus.PENDING and edited.rule == "new_reader"
    assert edited.text == "My first comment!" and edited.decided_at is None


def test_a_comment_held_by_a_rule_stays_held_when_the_edit_removes_the_reason(post, reader):
    held = post(reader, "see example.com")
    edited = services.edit_comment(reader, held.pk, "see the article")
    assert edited.status == CommentStatus.PENDING and edited.clause == "links"
    assert edited.reasons == []  # the queue still shows what the new text triggers: nothing


def test_a_comment_hidden_by_reports_stays_hidden_after_an_edit(post, reader):
    comment = post(reader, "A sharp opinion")
    Comment.objects.filter(pk=comment.pk).update(
        status=CommentStatus.PENDING, rule="reports", clause="community"
    )
    edited = services.edit_comment(reader, comment.pk, "A sharp opinion.")
    assert (edited.status, edited.rule) == (CommentStatus.PENDING, "reports")


def test_a_held_comment_may_still_go_down_to_rejected(post, reader, banned_word):
    held = post(reader, "see example.com")
    edited = services.edit_comment(reader, held.pk, f"see example.com, {banned_word}")
    assert edited.status == CommentStatus.REJECTED and edited.rule == "banned_words"


def test_a_comment_a_moderator_rejected_cannot_be_edited(post, reader, moderator):
    comment = post(reader, "see example.com")
    services.reject_comment(moderator, comment.pk, "advert", "links")
    error = refusal(services.edit_comment, reader, comment.pk, "see the article")
    assert error.status == 403 and error.code == "rejected" and error.message
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED and comment.text == "see example.com"
    services.delete_comment(reader, comment.pk)  # deleting it stays possible


def test_a_comment_rejected_by_a_rule_cannot_be_edited_either(post, reader, banned_word):
    comment = post(reader, f"what a {banned_word}")
    assert comment.status == CommentStatus.REJECTED
    assert refusal(services.edit_comment, reader, comment.pk, "what a day").code == "rejected"


def test_the_api_refuses_to_edit_a_rejected_comment_with_a_clear_403(
    client, post, reader, moderator
):
    comment = post(reader, "see example.com")
    services.reject_comment(moderator, comment.pk, "advert", "links")
    client.force_login(reader)
    response = client.patch(
        f"/api/comments/{comment.pk}",
        data=json.dumps({"text": "see the article"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "rejected" and "cannot be edited" in response.json()["detail"]


def test_the_edit_form_refuses_a_rejected_comment_with_a_clear_403(client, post, reader, moderator):
    comment = post(reader, "see example.com")
    services.reject_comment(moderator, comment.pk, "advert", "links")
    client.force_login(reader)
    page = client.get(f"/comments/{comment.pk}/edit/")
    assert page.status_code == 403 and "cannot be edited" in page.content.decode()
    sent = client.post(f"/comments/{comment.pk}/edit/", {"text": "see the article"})
    assert sent.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "see example.com"


def test_an_approved_comment_edited_is_moderated_again_and_may_go_down(post, reader, moderator):
    comment = post(reader, "see example.com")
    services.approve_comment(moderator, comment.pk, "a fair link")
    edited = services.edit_comment(reader, comment.pk, "now see example.org")
    assert edited.status == CommentStatus.PENDING and edited.clause == "links"
    assert edited.approved_at is None and not edited.links_approved


def test_an_approved_comment_edited_cleanly_stays_published_without_the_approval(
    post, reader, moderator
):
    comment = post(reader, "see example.com")
    services.approve_comment(moderator, comment.pk)
    edited = services.edit_comment(reader, comment.pk, "see example.com today")
    # The link is held again: the moderator approved the old text, not the new one.
    assert edited.status == CommentStatus.PENDING and edited.approved_at is None
    plain = post(reader, "No links here")
    services.approve_comment(moderator, plain.pk)
    again = services.edit_comment(reader, plain.pk, "No links here at all")
    assert again.status == CommentStatus.PUBLISHED and again.approved_at is None


def test_the_audit_log_records_the_state_an_edit_left(post, reader, config):
    config.hold_first_comments = 1
    config.save()
    held = post(reader, "First words")
    services.edit_comment(reader, held.pk, "First words, edited")
    entry = ModerationAction.objects.get(comment=held, kind=ActionKind.EDITED)
    assert entry.details["status"] == CommentStatus.PENDING


def test_the_thread_offers_no_edit_link_on_a_rejected_comment(post, reader, moderator, article):
    comment = post(reader, "see example.com")
    services.reject_comment(moderator, comment.pk, "advert", "links")
    page = services.thread_page(article, reader)
    shown = next(c for c in page.comments if c.pk == comment.pk)
    assert shown.is_mine and not shown.can_edit
