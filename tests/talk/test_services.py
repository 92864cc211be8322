"""post_comment and friends: idempotency, validation, permissions, sanctions, reports, erasure."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from broadsheet.talk import services
from broadsheet.talk.models import (
    Comment,
    CommentStatus,
    ModeratedWord,
    ModerationAction,
    Recommendation,
    WordKind,
)
from tests.talk.conftest import refusal

pytestmark = pytest.mark.django_db


# --- posting ---------------------------------------------------------------------------------


def test_a_clean_comment_is_published_and_audited(post, reader):
    comment = post(reader, "  A fair summary of the hearing.\r\nThanks.  ")
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.text == "A fair summary of the hearing.\nThanks."
    assert ModerationAction.objects.filter(comment=comment, kind="posted").exists()


def test_retrying_with_the_same_key_creates_one_comment(article, reader, config):
    """A retried POST with the same idempotency key returns the first comment."""
    key = uuid.uuid4().hex
    first = services.post_comment(article, reader, "Once only", idempotency_key=key)
    again = services.post_comment(article, reader, "Once only", idempotency_key=key)
    assert first.created and not again.created
    assert again.comment.pk == first.comment.pk
    assert Comment.objects.filter(author=reader, idempotency_key=key).count() == 1


def test_reusing_a_key_for_different_text_is_a_conflict(article, reader, config):
    key = uuid.uuid4().hex
    services.post_comment(article, reader, "First text", idempotency_key=key)
    error = refusal(services.post_comment, article, reader, "Other text", idempotency_key=key)
    assert error.status == 409


def test_a_key_is_required(article, reader, config):
    assert refusal(services.post_comment, article, reader, "x", idempotency_key="").status == 400


@pytest.mark.parametrize(
    "make_text,code",
    [
        (lambda limit: "", "empty"),
        (lambda limit: "   \n\t ", "empty"),
        (lambda limit: "가" * (limit + 1), "too_long"),
        (lambda limit: "a\x00b", "text"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message(post, reader, settings, make_text, code):
    error = refusal(post, reader, make_text(settings.TALK_COMMENT_MAX_CHARACTERS))
    assert error.status == 400 and error.code == code and error.message


def test_exactly_the_limit_in_characters_is_accepted(post, reader, settings):
    """The limit counts what a reader sees: an emoji with a skin tone is one character."""
    limit = settings.TALK_COMMENT_MAX_CHARACTERS
    text = "".join(chr(0xAC00 + 7 * i) for i in range(limit - 1)) + "👍🏽"
    assert post(reader, text).status == CommentStatus.PUBLISHED


def test_anonymous_and_unregistered_readers_cannot_post(post, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    assert refusal(post, AnonymousUser(), "hi").status == 401
    newcomer = get_user_model().objects.create_user("newcomer-no-name")
    assert refusal(post, newcomer, "hi").code == "setup_required"


def test_banned_words_reject_and_suspect_words_hold(post, reader, make_reader):
    ModeratedWord.objects.get_or_create(word="blockhead", kind=WordKind.BANNED, language="en")
    ModeratedWord.objects.get_or_create(word="nitwit", kind=WordKind.SUSPECT, language="en")
    rejected = post(reader, "What a B L O C K H E A D")
    held = post(make_reader(), "what a n1tw1t")
    assert (rejected.status, rejected.clause) == (CommentStatus.REJECTED, "respect")
    assert (held.status, held.clause) == (CommentStatus.PENDING, "civility")


def test_the_same_text_twice_is_rejected(post, reader):
    post(reader, "Same words here")
    again = post(reader, "same   words here!")
    assert again.status == CommentStatus.REJECTED and again.rule == "duplicate"


def test_new_readers_first_comment_is_held(post, reader, config):
    config.hold_first_comments = 1
    config.save()
    first = post(reader, "My first comment")
    assert first.status == CommentStatus.PENDING and first.clause == "newcomers"


def test_premoderated_section_holds_everything(post, reader, config, politics):
    config.premoderated_sections.add(politics)
    assert post(reader, "Hello").status == CommentStatus.PENDING


def test_account_rate_limit_refuses_with_time_to_wait(post, reader, config):
    config.account_limit = 2
    config.save()
    post(reader, "one")
    post(reader, "two")
    error = refusal(post, reader, "three")
    assert error.status == 429 and error.retry_after and 0 < error.retry_after <= 300
    assert Comment.objects.filter(author=reader).count() == 2


def test_ip_rate_limit_counts_across_accounts(post, make_reader, config):
    config.ip_limit = 2
    config.save()
    post(make_reader(), "one", ip="203.0.113.9")
    post(make_reader(), "two", ip="203.0.113.9")
    assert refusal(post, make_reader(), "three", ip="203.0.113.9").status == 429
    assert post(make_reader(), "four", ip="203.0.113.10").pk


def test_ip_addresses_are_stored_only_as_a_keyed_hash(post, reader):
    comment = post(reader, "hello", ip="198.51.100.7")
    assert "198.51.100.7" not in comment.ip_hash and len(comment.ip_hash) == 32


def test_a_reply_to_a_reply_joins_the_thread(post, reader, make_reader):
    top = post(reader, "Top")
    reply = post(make_reader(), "Reply", parent=top)
    nested = post(make_reader(), "Reply to reply", parent=reply)
    assert nested.parent_id == top.pk


def test_replies_only_to_published_comments(post, reader, make_reader, config):
    ModeratedWord.objects.get_or_create(word="nitwit", kind=WordKind.SUSPECT, language="en")
    held = post(reader, "nitwit")
    assert refusal(post, make_reader(), "reply", parent=held).code == "parent"


# --- who may do what -------------------------------------------------------------------------


def test_only_the_author_edits_within_five_minutes(post, reader, make_reader):
    comment = post(reader, "Original")
    assert refusal(services.edit_comment, make_reader(), comment.pk, "Hijack").status == 403
    edited = services.edit_comment(reader, comment.pk, "Edited text")
    assert edited.edited_at is not None and edited.text == "Edited text"
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    assert refusal(services.edit_comment, reader, comment.pk, "Too late").code == "edit_window"


def test_edits_are_moderated_again(post, reader):
    comment = post(reader, "Innocent")
    edited = services.edit_comment(reader, comment.pk, "now see example.com")
    assert edited.status == CommentStatus.PENDING and edited.clause == "links"


def test_others_cannot_see_or_edit_a_held_comment(post, reader, make_reader):
    comment = post(reader, "call 010-1234-5678")
    assert comment.status == CommentStatus.PENDING
    assert refusal(services.edit_comment, make_reader(), comment.pk, "x").status == 404
    assert Comment.objects.visible_to(make_reader()).filter(pk=comment.pk).count() == 0
    assert Comment.objects.visible_to(reader).filter(pk=comment.pk).count() == 1


def test_authors_delete_their_own_comments_only(post, reader, make_reader):
    comment = post(reader, "Delete me")
    assert refusal(services.delete_comment, make_reader(), comment.pk).status == 403
    services.delete_comment(reader, comment.pk)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED and comment.text == ""


def test_only_moderators_moderate(post, reader, make_reader, moderator):
    comment = post(reader, "see example.com")
    assert refusal(services.approve_comment, make_reader(), comment.pk).status == 403
    assert refusal(services.reject_comment, reader, comment.pk).status == 403
    approved = services.approve_comment(moderator, comment.pk, "fine link")
    assert approved.status == CommentStatus.PUBLISHED and approved.links_approved


def test_banned_readers_cannot_post_and_their_held_comments_are_refused(post, reader, moderator):
    held = post(reader, "call me on 010-1234-5678")
    services.ban_reader(moderator, reader, "abuse")
    held.refresh_from_db()
    assert held.status == CommentStatus.REJECTED and held.clause == "sanctions"
    reader.commenter.refresh_from_db()
    error = refusal(post, reader, "let me back")
    assert error.status == 403 and error.code == "banned"


def test_suspended_readers_wait_until_the_suspension_ends(post, reader, moderator):
    services.suspend_reader(moderator, reader, days=3, reason="cool off")
    reader.commenter.refresh_from_db()
    assert refusal(post, reader, "hi").code == "suspended"
    services.reinstate_reader(moderator, reader)
    reader.commenter.refresh_from_db()
    assert post(reader, "back again").status == CommentStatus.PUBLISHED


def test_moderators_cannot_be_sanctioned(moderator, make_reader, db):
    from broadsheet.newsroom.staff import create_staff_user

    other, _ = create_staff_user("mod-other", "moderator", "pw-123456789")
    assert refusal(services.ban_reader, moderator, other).status == 403


# --- recommendations and reports -------------------------------------------------------------


def test_one_recommendation_per_reader(post, reader, make_reader):
    comment = post(reader, "Recommend me")
    fan = make_reader()
    assert services.toggle_recommendation(fan, comment.pk) == (True, 1)
    assert services.toggle_recommendation(fan, comment.pk) == (False, 0)
    assert refusal(services.toggle_recommendation, reader, comment.pk).code == "own_comment"


def test_enough_reports_hide_a_comment_pending_review(post, reader, make_reader, config):
    """With every report at full weight (standing: tests/talk/test_reports.py), two hide it."""
    config.report_threshold = 2
    config.newcomer_report_weight = 1.0
    config.save()
    comment = post(reader, "Controversial")
    services.report_comment(make_reader(), comment.pk, "abusive")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    services.report_comment(make_reader(), comment.pk, "spam", "ad")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and comment.rule == "reports"
    assert comment.clause == "community"


def test_reporting_twice_counts_once(post, reader, make_reader):
    comment = post(reader, "Once")
    critic = make_reader()
    services.report_comment(critic, comment.pk, "other")
    services.report_comment(critic, comment.pk, "other")
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_report_needs_a_known_reason(post, reader, make_reader):
    comment = post(reader, "Once")
    assert refusal(services.report_comment, make_reader(), comment.pk, "nope").status == 400


# --- notifications ---------------------------------------------------------------------------


def test_rejection_email_in_the_authors_language(post, make_reader, moderator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    author = make_reader(language="ko")
    comment = post(author, "see example.com")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
        services.reject_comment(moderator, comment.pk, "광고", "links")
    assert len(mail.outbox) == 1
    assert author.email in mail.outbox[0].to
    assert "광고" in mail.outbox[0].body


def test_reply_email_only_when_asked_for(post, make_reader, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn()
    )
    quiet = make_reader()
    keen = make_reader(email_on_reply=True)
    post(make_reader(), "reply to quiet", parent=post(quiet, "I want peace"))
    assert len(mail.outbox) == 0
    post(make_reader(), "reply to keen", parent=post(keen, "Tell me"))
    assert len(mail.outbox) == 1 and keen.email in mail.outbox[0].to


# --- the reader's data -----------------------------------------------------------------------


def test_export_lists_every_comment_with_status(post, reader):
    post(reader, "One")
    post(reader, "see example.com")
    rows = services.export_reader_comments(reader)
    assert [r["text"] for r in rows] == ["One", "see example.com"]
    assert rows[1]["status"] == "pending" and rows[1]["policy_clause"] == "links"


def test_erase_anonymise_keeps_text_as_deleted_reader(post, reader, make_reader):
    comment = post(reader, "Keep my words")
    liked = post(make_reader(), "Liked")
    services.toggle_recommendation(reader, liked.pk)
    services.erase_reader_comments(reader, "anonymise")
    comment.refresh_from_db()
    liked.refresh_from_db()
    assert comment.author_id is None and comment.text == "Keep my words"
    assert services.display_name(comment) == "Deleted reader"
    assert liked.recommend_count == 0 and not Recommendation.objects.filter(user=reader).exists()


def test_erase_remove_blanks_the_comments(post, reader):
    comment = post(reader, "Remove my words")
    services.erase_reader_comments(reader, "remove")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED and comment.text == "" and not comment.author


def test_erase_refuses_an_unknown_mode(reader):
    with pytest.raises(ValueError):
        services.erase_reader_comments(reader, "shred")


# --- display names ---------------------------------------------------------------------------


def test_set_up_commenter_needs_policy_and_a_free_name(db, reader):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("setup-user")
    assert refusal(services.set_up_commenter, user, "Kim", accept_policy=False).code == "policy"
    taken = reader.commenter.display_name
    assert refusal(services.set_up_commenter, user, taken.upper(), accept_policy=True).status == 409
    commenter = services.set_up_commenter(user, "  New   Name ", accept_policy=True, language="ko")
    assert commenter.display_name == "New Name" and commenter.language == "ko"
