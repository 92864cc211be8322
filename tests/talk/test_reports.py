"""Reports that cannot be weaponised: who may report, what reports weigh, what they can hide."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.talk import services
from broadsheet.talk.models import (
    ActionKind,
    Comment,
    CommentStatus,
    ModerationAction,
    Report,
    ReportOutcome,
)
from broadsheet.talk.services.standing import (
    MAX_WEIGHT,
    STANDING_AGE,
    report_weight,
    reporter_weight,
)
from tests.talk.conftest import refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def established_reader(make_reader, article, config):
    """A reader in good standing: enough comments, published for longer than STANDING_AGE."""

    def make():
        user = make_reader()
        old = timezone.now() - STANDING_AGE - timedelta(hours=1)
        for n in range(config.trusted_reporter_comments):
            Comment.objects.create(
                article=article,
                author=user,
                text=f"An old comment {n}",
                status=CommentStatus.PUBLISHED,
                idempotency_key=f"old-{user.pk}-{n}",
                created_at=old,
            )
        return user

    return make


def status_of(comment) -> str:
    comment.refresh_from_db()
    return comment.status


# --- who may report --------------------------------------------------------------------------


def test_a_reader_without_a_commenter_profile_cannot_report(post, reader):
    comment = post(reader, "Report me")
    stranger = get_user_model().objects.create_user("no-profile-reporter")
    error = refusal(services.report_comment, stranger, comment.pk, "abusive")
    assert error.status == 403 and error.code == "setup_required"
    assert not Report.objects.filter(comment=comment).exists()


def test_suspended_and_banned_readers_cannot_report(post, reader, make_reader, moderator):
    comment = post(reader, "Report me")
    suspended, banned = make_reader(), make_reader()
    services.suspend_reader(moderator, suspended, days=3)
    services.ban_reader(moderator, banned)
    suspended.commenter.refresh_from_db()
    banned.commenter.refresh_from_db()
    assert refusal(services.report_comment, suspended, comment.pk, "spam").code == "suspended"
    assert refusal(services.report_comment, banned, comment.pk, "spam").code == "banned"
    assert not Report.objects.filter(comment=comment).exists()


def test_the_api_and_the_form_refuse_a_banned_reporter_with_a_403(
    client, post, reader, make_reader, moderator
):
    comment = post(reader, "Report me")
    banned = make_reader()
    services.ban_reader(moderator, banned)
    client.force_login(banned)
    api = client.post(
        f"/api/comments/{comment.pk}/report",
        data=json.dumps({"reason": "spam"}),
        content_type="application/json",
    )
    assert api.status_code == 403 and api.json()["code"] == "banned"
    form = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert form.status_code == 403
    assert not Report.objects.filter(comment=comment).exists()


# --- what reports weigh ----------------------------------------------------------------------


def test_three_throwaway_accounts_cannot_hide_a_comment(post, reader, make_reader, config):
    """Fresh accounts with a profile but no record: three reports stay under the threshold."""
    assert config.report_threshold == 3  # the default
    comment = post(reader, "An unpopular but fair opinion")
    for _ in range(3):
        services.report_comment(make_reader(), comment.pk, "abusive")
    assert status_of(comment) == CommentStatus.PUBLISHED
    assert comment.report_count == 3  # still counted, and listed in the queue's Reported tab
    assert comment in services.moderation_queue("reported")


def test_three_readers_in_good_standing_hide_a_comment(post, reader, established_reader):
    comment = post(reader, "Something readers object to")
    for _ in range(2):
        services.report_comment(established_reader(), comment.pk, "abusive")
    assert status_of(comment) == CommentStatus.PUBLISHED
    services.report_comment(established_reader(), comment.pk, "abusive")
    assert status_of(comment) == CommentStatus.PENDING
    assert (comment.rule, comment.clause) == ("reports", "community")
    hidden = ModerationAction.objects.get(comment=comment, kind=ActionKind.HIDDEN_BY_REPORTS)
    assert hidden.details == {"reports": 3, "weight": 3.0}


def test_comments_posted_just_now_do_not_give_standing(post, make_reader, config):
    """A throwaway account cannot build standing by posting a few comments first."""
    config.account_limit = 100
    config.save()
    throwaway = make_reader()
    for n in ("one", "two", "three", "four", "five", "six"):
        post(throwaway, f"Filler comment number {n}")
    assert reporter_weight(throwaway, config) == config.newcomer_report_weight


def test_upheld_reports_raise_a_readers_weight_and_dismissed_ones_lower_it(
    post, reader, make_reader, moderator, config
):
    watcher, crank = make_reader(), make_reader()
    newcomer = config.newcomer_report_weight
    for n in ("one", "two"):
        bad = post(reader, f"Bad comment {n}")
        services.report_comment(watcher, bad.pk, "abusive")
        services.reject_comment(moderator, bad.pk, "abuse", "respect")
        fine = post(reader, f"Fine comment {n}")
        services.report_comment(crank, fine.pk, "abusive")
        services.approve_comment(moderator, fine.pk)
    assert set(Report.objects.filter(reporter=watcher).values_list("outcome", flat=True)) == {
        ReportOutcome.UPHELD
    }
    assert reporter_weight(watcher, config) > newcomer > reporter_weight(crank, config)


@pytest.mark.parametrize(
    "record,weight",
    [
        ({"published": 0, "upheld": 0, "dismissed": 0}, 0.2),
        ({"published": 5, "upheld": 0, "dismissed": 0}, 1.0),
        ({"published": 50, "upheld": 0, "dismissed": 0}, 1.0),
        ({"published": 5, "upheld": 2, "dismissed": 0}, 1.5),
        ({"published": 5, "upheld": 40, "dismissed": 0}, MAX_WEIGHT),
        ({"published": 0, "upheld": 0, "dismissed": 3}, 0.0),
    ],
)
def test_report_weight(record, weight):
    assert report_weight(**record, trusted_after=5, newcomer=0.2) == weight


def test_each_report_stores_the_weight_it_carried(post, reader, make_reader, established_reader):
    comment = post(reader, "Weigh these")
    services.report_comment(make_reader(), comment.pk, "spam")
    services.report_comment(established_reader(), comment.pk, "spam")
    assert sorted(Report.objects.filter(comment=comment).values_list("weight", flat=True)) == [
        0.2,
        1.0,
    ]


# --- what reports can hide -------------------------------------------------------------------


def test_a_comment_a_moderator_approved_is_flagged_not_hidden(
    client, post, reader, moderator, established_reader, verified_login
):
    comment = post(reader, "see example.com")
    services.approve_comment(moderator, comment.pk, "the link is the ministry's")
    for _ in range(4):
        services.report_comment(established_reader(), comment.pk, "spam")
    assert status_of(comment) == CommentStatus.PUBLISHED
    flagged = ModerationAction.objects.filter(comment=comment, kind=ActionKind.FLAGGED_BY_REPORTS)
    assert flagged.count() == 1  # once, when the reports reached the threshold
    assert not ModerationAction.objects.filter(
        comment=comment, kind=ActionKind.HIDDEN_BY_REPORTS
    ).exists()
    verified_login(client, moderator)
    queue = client.get("/admin/comments/?status=reported").content.decode()
    assert f'id="comment-{comment.pk}"' in queue and "reports do not hide it" in queue


def test_once_edited_an_approved_comment_can_be_hidden_by_reports(
    post, reader, moderator, established_reader
):
    """The approval covered the old text: an edit cannot shelter new words behind it."""
    comment = post(reader, "see example.com")
    services.approve_comment(moderator, comment.pk)
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.PUBLISHED)
    services.edit_comment(reader, comment.pk, "Different words now")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.approved_at is None
    for _ in range(3):
        services.report_comment(established_reader(), comment.pk, "abusive")
    assert status_of(comment) == CommentStatus.PENDING


def test_a_lowered_threshold_applies_at_the_next_report(post, reader, make_reader, config):
    comment = post(reader, "Reported a little")
    for _ in range(5):
        services.report_comment(make_reader(), comment.pk, "spam")  # 5 x 0.2 = 1.0 < 3
    assert status_of(comment) == CommentStatus.PUBLISHED
    config.report_threshold = 1  # already reached before the next report
    config.save()
    services.report_comment(make_reader(), comment.pk, "spam")
    assert status_of(comment) == CommentStatus.PENDING


def test_moderators_set_the_report_weights_in_the_admin(client, moderator, config, verified_login):
    verified_login(client, moderator)
    url = "/admin/settings/talk/moderationsettings/"
    page = client.get(url, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="trusted_reporter_comments"' in html and 'name="newcomer_report_weight"' in html


def test_it_takes_fifteen_throwaway_accounts_at_the_default_weights(
    post, reader, make_reader, config
):
    """What docs/talk.md says: 3 / 0.2 = 15 reports by readers with no record hide a comment."""
    comment = post(reader, "Fifteen against one")
    needed = round(config.report_threshold / config.newcomer_report_weight)
    for _ in range(needed - 1):
        services.report_comment(make_reader(), comment.pk, "spam")
    assert status_of(comment) == CommentStatus.PUBLISHED
    services.report_comment(make_reader(), comment.pk, "spam")
    assert needed == 15 and status_of(comment) == CommentStatus.PENDING
