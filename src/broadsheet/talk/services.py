"""Everything that changes comments happens here, each an explicit call inside a transaction.

Views and the API parse input, call one of these and render. Refusals are `CommentError`s that
carry an HTTP status and a message a reader understands.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from broadsheet.talk import app_settings, notify
from broadsheet.talk.clauses import CLAUSES
from broadsheet.talk.counting import count_characters, normalise_text
from broadsheet.talk.models import (
    EDIT_WINDOW_SECONDS,
    MAX_COMMENT_CHARACTERS,
    MAX_DISPLAY_NAME,
    ActionKind,
    Comment,
    Commenter,
    CommentStatus,
    ModeratedWord,
    ModerationAction,
    ModerationSettings,
    Recommendation,
    Report,
    ReportReason,
    WordKind,
)
from broadsheet.talk.moderation import Submission, Verdict, contains_term, moderate

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# Each ordering is served by an index on (article, status, parent, ...), see models.Comment.
SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "recommended": ("-recommend_count", "-created_at", "-pk"),
}
SORT_LABELS = {
    "newest": gettext_lazy("Newest"),
    "oldest": gettext_lazy("Oldest"),
    "recommended": gettext_lazy("Most recommended"),
}


class CommentError(Exception):
    """A refusal with an HTTP status, a machine code and a message for the reader."""

    def __init__(self, code: str, message: str, *, status: int = 400,
                 retry_after: int | None = None, clause: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.clause = clause

    def as_dict(self) -> dict:
        data = {"code": self.code, "detail": self.message}
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        if self.clause:
            data["clause"] = self.clause
        return data


@dataclass(frozen=True)
class PostResult:
    comment: Comment
    created: bool


# --- Readers --------------------------------------------------------------------------------

def commenter_for(user) -> Commenter | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.commenter
    except Commenter.DoesNotExist:
        return None


def set_up_commenter(user, display_name: str, *, accept_policy: bool,
                     language: str = "en") -> Commenter:
    """The reader's first step: a display name and acceptance of the Standards Board Policy."""
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in first."), status=401)
    name = " ".join(normalise_text(display_name or "").split())
    if not 2 <= count_characters(name) <= MAX_DISPLAY_NAME:
        raise CommentError("display_name", _(
            "Choose a display name of 2 to %(max)d characters.") % {"max": MAX_DISPLAY_NAME})
    if not accept_policy:
        raise CommentError("policy", _(
            "Please accept the Standards Board Policy to write comments."))
    banned, suspect = word_lists()
    if any(contains_term(name, w) for w in banned + suspect):
        raise CommentError("display_name", _("Please choose a different display name."))
    with transaction.atomic():
        taken = Commenter.objects.filter(display_name__iexact=name).exclude(user=user).exists()
        if taken:
            raise CommentError("display_name_taken", _(
                "Another reader already uses that display name; please choose another."),
                status=409)
        commenter, _created = Commenter.objects.update_or_create(
            user=user,
            defaults={"display_name": name, "accepted_policy_at": timezone.now(),
                      "language": language[:8]},
        )
    return commenter


def _require_commenter(user) -> Commenter:
    if user is None or not user.is_authenticated:
        raise CommentError("login_required", _("Please log in to write comments."), status=401)
    commenter = commenter_for(user)
    if commenter is None or commenter.accepted_policy_at is None:
        raise CommentError("setup_required", _(
            "Choose a display name and accept the Standards Board Policy first."), status=403)
    if commenter.is_banned:
        raise CommentError("banned", _(
            "Your account may no longer write comments."), status=403, clause="sanctions")
    if commenter.is_suspended():
        until = timezone.localtime(commenter.suspended_until)
        raise CommentError("suspended", _(
            "Your account is suspended from commenting until %(until)s KST.") % {
            "until": until.strftime("%Y-%m-%d %H:%M")}, status=403, clause="sanctions")
    return commenter


# --- Inputs ---------------------------------------------------------------------------------

def clean_text(text: str) -> str:
    """The text as it will be stored, or a 400 saying what is wrong with it."""
    if not isinstance(text, str):
        raise CommentError("text", _("Write your comment as text."))
    if "\x00" in text:
        raise CommentError("text", _("The comment contains characters that cannot be stored."))
    cleaned = normalise_text(text)
    if not cleaned:
        raise CommentError("empty", _("Write something before posting: the comment is empty."))
    count = count_characters(cleaned)
    if count > MAX_COMMENT_CHARACTERS:
        raise CommentError("too_long", _(
            "A comment may have at most %(max)d characters; yours has %(count)d.") % {
            "max": MAX_COMMENT_CHARACTERS, "count": count})
    return cleaned


def hash_ip(ip: str | None) -> str:
    """Addresses are kept only as a keyed hash: enough to rate-limit, not to identify."""
    if not ip:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def word_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    banned: list[str] = []
    suspect: list[str] = []
    for word, kind in ModeratedWord.objects.values_list("word", "kind"):
        (banned if kind == WordKind.BANNED else suspect).append(word)
    return tuple(banned), tuple(suspect)


def moderation_settings() -> ModerationSettings:
    return ModerationSettings.load()


def is_premoderated(article, config: ModerationSettings) -> bool:
    if config.premoderate_all:
        return True
    paths = config.premoderated_sections.values_list("path", flat=True)
    return any(article.path.startswith(p) for p in paths)


def score_toxicity(text: str) -> float | None:
    """The external scorer's 0..1 score, or None when none is configured or it fails."""
    url = app_settings.toxicity_url()
    if not url:
        return None
    request = urllib.request.Request(  # noqa: S310 - the operator configures an http(s) URL
        url, data=json.dumps({"text": text}).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=app_settings.toxicity_timeout()) as resp:  # noqa: S310
            score = float(json.load(resp)["score"])
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("toxicity scorer at %s did not answer; comment not scored", url)
        return None
    return min(max(score, 0.0), 1.0)


def _submission(*, text, author, article, ip_hash, config, now, is_edit=False,
                exclude_pk=None, toxicity=None) -> Submission:
    banned, suspect = word_lists()
    window_start = now - timedelta(seconds=config.window_seconds)
    mine = Comment.objects.filter(author=author)
    if exclude_pk:
        mine = mine.exclude(pk=exclude_pk)
    recent_texts = mine.filter(
        created_at__gte=now - timedelta(hours=config.duplicate_window_hours),
        status__in=[CommentStatus.PUBLISHED, CommentStatus.PENDING],
    ).values_list("text", flat=True)[:200]
    author_times = mine.filter(created_at__gte=window_start).values_list("created_at", flat=True)
    ip_times = (
        Comment.objects.filter(ip_hash=ip_hash, created_at__gte=window_start)
        .values_list("created_at", flat=True) if ip_hash else []
    )
    return Submission(
        text=text, now=now, is_edit=is_edit, banned_words=banned, suspect_words=suspect,
        recent_texts=tuple(recent_texts),
        author_published_count=mine.filter(status=CommentStatus.PUBLISHED).count(),
        hold_first_comments=config.hold_first_comments,
        premoderated=is_premoderated(article, config),
        author_recent_times=tuple(author_times), ip_recent_times=tuple(ip_times),
        account_limit=config.account_limit, ip_limit=config.ip_limit,
        window_seconds=config.window_seconds,
        toxicity=toxicity, toxicity_threshold=config.toxicity_threshold,
    )


def _refusal(outcome) -> CommentError:
    wait = outcome.finding.retry_after or 1
    minutes, seconds = divmod(wait, 60)
    when = (_("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}) if minutes else (
        _("%(s)d s") % {"s": seconds})
    return CommentError("rate_limited", _(
        "You are commenting faster than the policy allows. Please wait %(when)s.") % {
        "when": when}, status=429, retry_after=wait, clause=outcome.clause)


STATUS_FOR = {Verdict.PUBLISH: CommentStatus.PUBLISHED, Verdict.HOLD: CommentStatus.PENDING,
              Verdict.REJECT: CommentStatus.REJECTED}
ACTION_FOR = {Verdict.PUBLISH: ActionKind.POSTED, Verdict.HOLD: ActionKind.AUTO_HELD,
              Verdict.REJECT: ActionKind.AUTO_REJECTED}


# --- Writing --------------------------------------------------------------------------------

def post_comment(article, author, text: str, *, idempotency_key: str, parent=None,
                 ip: str | None = None, language: str | None = None) -> PostResult:
    """Moderate and store a comment in one transaction; a retried key returns the first one.

    Returns only after the comment is committed. Raises CommentError for everything a reader
    must fix (empty, too long, rate limits with the seconds to wait, banned account...).
    """
    if not isinstance(idempotency_key, str) or not IDEMPOTENCY_KEY.match(idempotency_key):
        raise CommentError("idempotency_key", _(
            "The request is missing its idempotency key; reload the page and try again."))
    commenter = _require_commenter(author)
    cleaned = clean_text(text)
    existing = _existing(author, idempotency_key, article, cleaned)
    if existing is not None:
        return PostResult(existing, created=False)
    if not getattr(article, "live", False):
        raise CommentError("not_found", _("This article is not open for comments."), status=404)
    if parent is not None:
        if parent.article_id != article.pk or parent.status != CommentStatus.PUBLISHED:
            raise CommentError("parent", _("You can only reply to a published comment."))
        if parent.parent_id is not None:  # one level of replies: answer the thread
            parent = parent.parent
    toxicity = score_toxicity(cleaned)
    ip_hash = hash_ip(ip)
    try:
        with transaction.atomic():
            # Inside the write transaction, so limits and duplicates see every earlier post.
            now = timezone.now()
            config = moderation_settings()
            outcome = moderate(_submission(
                text=cleaned, author=author, article=article, ip_hash=ip_hash,
                config=config, now=now, toxicity=toxicity))
            if outcome.verdict == Verdict.REFUSE:
                raise _refusal(outcome)
            comment = Comment.objects.create(
                article=article, author=author, parent=parent, text=cleaned,
                status=STATUS_FOR[outcome.verdict], rule=outcome.rule, clause=outcome.clause,
                reasons=[f.as_dict() for f in outcome.findings],
                idempotency_key=idempotency_key, ip_hash=ip_hash, created_at=now,
                decided_at=now if outcome.verdict != Verdict.HOLD else None,
            )
            ModerationAction.objects.create(
                kind=ACTION_FOR[outcome.verdict], actor=author, comment=comment,
                subject=author, reason=outcome.rule, created_at=now,
                details={"findings": comment.reasons},
            )
            if language and commenter.language != language:
                commenter.language = language[:8]
                commenter.save(update_fields=["language"])
            if comment.status == CommentStatus.PUBLISHED:
                _after_commit_visible(comment)
    except IntegrityError:
        # The same key raced in from another request: the first one won; answer with it.
        existing = _existing(author, idempotency_key, article, cleaned)
        if existing is None:
            raise
        return PostResult(existing, created=False)
    return PostResult(comment, created=True)


def _existing(author, key: str, article, cleaned: str) -> Comment | None:
    existing = Comment.objects.filter(author=author, idempotency_key=key).first()
    if existing is not None and (existing.article_id != article.pk or existing.text != cleaned):
        raise CommentError("idempotency_conflict", _(
            "This request repeats an earlier one with different content; reload and retry."),
            status=409)
    return existing


def _after_commit_visible(comment: Comment) -> None:
    """A comment became visible (or stopped being): refresh the pages that show it."""
    article_id = comment.article_id
    transaction.on_commit(lambda: invalidate_article(article_id))
    if comment.parent_id and comment.status == CommentStatus.PUBLISHED:
        comment_id = comment.pk
        transaction.on_commit(lambda: notify.reply_posted(comment_id))


def invalidate_article(article_id: int) -> None:
    """Drop cached copies of the article and of the listings above it that show its count.

    Siblings' "More from" cards also show counts; they may lag by the page cache's lifetime
    rather than make every comment rewrite a dozen cache keys (docs/talk.md).
    """
    from broadsheet.core.page_cache import invalidate_pages
    from broadsheet.newsroom.models import ArticlePage

    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is not None:
        invalidate_pages([article, *article.get_ancestors()])


def _visible_comment(user, comment_id) -> Comment:
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise CommentError("not_found", _("There is no such comment."), status=404) from None
    comment = (Comment.objects.visible_to(user).select_related("article", "author")
               .filter(pk=pk).first())
    if comment is None:
        raise CommentError("not_found", _("There is no such comment."), status=404)
    return comment


def comment_for_editing(user, comment_id, *, deleting: bool = False) -> Comment:
    """The reader's own comment, or 404 (not visible to them) / 403 (not theirs, too late)."""
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in first."), status=401)
    comment = _visible_comment(user, comment_id)
    if comment.author_id != user.pk:
        raise CommentError("forbidden", _("Only its author can change a comment."), status=403)
    if not deleting and timezone.now() > comment.editable_until():
        raise CommentError("edit_window", _(
            "Comments can be edited for %(minutes)d minutes after posting.") % {
            "minutes": EDIT_WINDOW_SECONDS // 60}, status=403)
    return comment


def edit_comment(user, comment_id, text: str) -> Comment:
    """The author's edit within 5 minutes: marked as edited and moderated again."""
    commenter = _require_commenter(user)
    comment = comment_for_editing(user, comment_id)
    cleaned = clean_text(text)
    if cleaned == comment.text:
        return comment
    toxicity = score_toxicity(cleaned)
    with transaction.atomic():
        now = timezone.now()
        config = moderation_settings()
        outcome = moderate(_submission(
            text=cleaned, author=user, article=comment.article, ip_hash=comment.ip_hash,
            config=config, now=now, is_edit=True, exclude_pk=comment.pk, toxicity=toxicity))
        was_published = comment.status == CommentStatus.PUBLISHED
        old_text = comment.text
        comment.text = cleaned
        comment.edited_at = now
        comment.status = STATUS_FOR[outcome.verdict]
        comment.rule, comment.clause = outcome.rule, outcome.clause
        comment.reasons = [f.as_dict() for f in outcome.findings]
        comment.links_approved = False
        comment.decided_at = now if outcome.verdict != Verdict.HOLD else None
        comment.save(update_fields=["text", "edited_at", "status", "rule", "clause", "reasons",
                                    "links_approved", "decided_at"])
        ModerationAction.objects.create(
            kind=ActionKind.EDITED, actor=user, comment=comment, subject=user,
            reason=outcome.rule, details={"previous": old_text, "findings": comment.reasons,
                                          "display_name": commenter.display_name})
        if was_published or comment.status == CommentStatus.PUBLISHED:
            transaction.on_commit(lambda: invalidate_article(comment.article_id))
    return comment


def delete_comment(user, comment_id) -> None:
    """The author removes their own comment; replies to it stay, under 'deleted'."""
    comment = comment_for_editing(user, comment_id, deleting=True)
    with transaction.atomic():
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.status = CommentStatus.DELETED
        comment.text = ""
        comment.save(update_fields=["status", "text"])
        ModerationAction.objects.create(kind=ActionKind.DELETED, actor=user, comment=comment,
                                        subject=user)
        if was_published:
            transaction.on_commit(lambda: invalidate_article(comment.article_id))


def toggle_recommendation(user, comment_id) -> tuple[bool, int]:
    """Recommend a published comment once, or take the recommendation back."""
    _require_commenter(user)
    comment = _visible_comment(user, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be recommended."))
    if comment.author_id == user.pk:
        raise CommentError("own_comment", _("You cannot recommend your own comment."))
    with transaction.atomic():
        deleted, _rows = Recommendation.objects.filter(comment=comment, user=user).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(recommend_count=F("recommend_count") - 1)
            recommended = False
        else:
            Recommendation.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(recommend_count=F("recommend_count") + 1)
            recommended = True
        count = Comment.objects.values_list("recommend_count", flat=True).get(pk=comment.pk)
        transaction.on_commit(lambda: invalidate_article(comment.article_id))
    return recommended, count


def report_comment(user, comment_id, reason: str, note: str = "") -> Report:
    """A reader's report; enough of them put the comment back under review."""
    if not user.is_authenticated:
        raise CommentError("login_required", _("Please log in to report a comment."), status=401)
    if reason not in ReportReason.values:
        raise CommentError("reason", _("Choose a reason for the report."))
    note = normalise_text(note or "")
    if count_characters(note) > 250:
        raise CommentError("note", _("Keep the note to 250 characters."))
    comment = _visible_comment(user, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be reported."))
    if comment.author_id == user.pk:
        raise CommentError("own_comment", _("You cannot report your own comment."))
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            comment=comment, reporter=user, defaults={"reason": reason, "note": note})
        if not created:
            return report
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        ModerationAction.objects.create(kind=ActionKind.REPORTED, actor=user, comment=comment,
                                        subject=comment.author, reason=reason,
                                        details={"note": note})
        config = moderation_settings()
        open_reports = comment.reports.filter(resolved_at__isnull=True).count()
        if config.report_threshold and open_reports >= config.report_threshold:
            Comment.objects.filter(pk=comment.pk).update(
                status=CommentStatus.PENDING, rule="reports", clause="community")
            ModerationAction.objects.create(
                kind=ActionKind.HIDDEN_BY_REPORTS, comment=comment, subject=comment.author,
                reason="reports", details={"reports": open_reports})
            transaction.on_commit(lambda: invalidate_article(comment.article_id))
    return report


# --- Moderating -----------------------------------------------------------------------------

def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("talk.moderate_comment"))


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise CommentError("forbidden", _("Only moderators can do that."), status=403)


def comment_for_moderation(user, comment_id) -> Comment:
    _require_moderator(user)
    try:
        return Comment.objects.select_related("article", "author").get(pk=int(comment_id))
    except (Comment.DoesNotExist, TypeError, ValueError):
        raise CommentError("not_found", _("There is no such comment."), status=404) from None


def approve_comment(moderator, comment_id, reason: str = "") -> Comment:
    """Publish a held or reported comment; its links become clickable; reports are closed."""
    comment = comment_for_moderation(moderator, comment_id)
    if comment.status == CommentStatus.DELETED:
        raise CommentError("deleted", _("The author deleted this comment."))
    with transaction.atomic():
        now = timezone.now()
        comment.status = CommentStatus.PUBLISHED
        comment.links_approved = True
        comment.moderator_note = reason[:300]
        comment.decided_at = now
        comment.save(update_fields=["status", "links_approved", "moderator_note", "decided_at"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        ModerationAction.objects.create(kind=ActionKind.APPROVED, actor=moderator,
                                        comment=comment, subject=comment.author, reason=reason)
        _after_commit_visible(comment)
    return comment


def reject_comment(moderator, comment_id, reason: str = "", clause: str = "moderators") -> Comment:
    """Reject a comment with the clause that applies; its author is told (and e-mailed)."""
    comment = comment_for_moderation(moderator, comment_id)
    if clause not in CLAUSES:
        raise CommentError("clause", _("Choose the policy clause that applies."))
    with transaction.atomic():
        now = timezone.now()
        was_published = comment.status == CommentStatus.PUBLISHED
        comment.status = CommentStatus.REJECTED
        comment.clause = clause
        comment.rule = "moderator"
        comment.moderator_note = reason[:300]
        comment.decided_at = now
        comment.is_featured = False
        comment.save(update_fields=["status", "clause", "rule", "moderator_note", "decided_at",
                                    "is_featured"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        ModerationAction.objects.create(kind=ActionKind.REJECTED, actor=moderator,
                                        comment=comment, subject=comment.author, reason=reason,
                                        details={"clause": clause})
        if was_published:
            transaction.on_commit(lambda: invalidate_article(comment.article_id))
        comment_pk = comment.pk
        transaction.on_commit(lambda: notify.comment_rejected(comment_pk))
    return comment


def feature_comment(moderator, comment_id, featured: bool = True) -> Comment:
    comment = comment_for_moderation(moderator, comment_id)
    if featured and comment.status != CommentStatus.PUBLISHED:
        raise CommentError("not_published", _("Only published comments can be featured."))
    with transaction.atomic():
        comment.is_featured = featured
        comment.save(update_fields=["is_featured"])
        ModerationAction.objects.create(
            kind=ActionKind.FEATURED if featured else ActionKind.UNFEATURED,
            actor=moderator, comment=comment, subject=comment.author)
        transaction.on_commit(lambda: invalidate_article(comment.article_id))
    return comment


def _sanction_target(moderator, reader) -> Commenter:
    _require_moderator(moderator)
    if reader is None:
        raise CommentError("not_found", _("That reader's account no longer exists."), status=404)
    if can_moderate(reader) or reader.is_superuser:
        raise CommentError("forbidden", _("Staff accounts cannot be sanctioned here."),
                           status=403)
    commenter = commenter_for(reader)
    if commenter is None:
        raise CommentError("not_found", _("That reader has never commented."), status=404)
    return commenter


def _refuse_held(commenter: Commenter, moderator, reason: str) -> None:
    held = list(Comment.objects.filter(author=commenter.user, status=CommentStatus.PENDING))
    now = timezone.now()
    for comment in held:
        comment.status, comment.rule, comment.clause = (
            CommentStatus.REJECTED, "sanction", "sanctions")
        comment.decided_at = now
        comment.save(update_fields=["status", "rule", "clause", "decided_at"])
        ModerationAction.objects.create(kind=ActionKind.REJECTED, actor=moderator,
                                        comment=comment, subject=commenter.user, reason=reason,
                                        details={"clause": "sanctions"})


def suspend_reader(moderator, reader, *, days: int, reason: str = "") -> Commenter:
    """No new comments until the suspension ends; held comments are refused."""
    commenter = _sanction_target(moderator, reader)
    if not 1 <= int(days) <= 365:
        raise CommentError("days", _("Suspend for 1 to 365 days."))
    with transaction.atomic():
        commenter.suspended_until = timezone.now() + timedelta(days=int(days))
        commenter.sanction_reason = reason[:300]
        commenter.save(update_fields=["suspended_until", "sanction_reason"])
        _refuse_held(commenter, moderator, reason)
        ModerationAction.objects.create(kind=ActionKind.SUSPENDED, actor=moderator,
                                        subject=reader, reason=reason, details={"days": days})
    return commenter


def ban_reader(moderator, reader, reason: str = "") -> Commenter:
    """A banned reader's held and new comments are refused."""
    commenter = _sanction_target(moderator, reader)
    with transaction.atomic():
        commenter.banned_at = timezone.now()
        commenter.sanction_reason = reason[:300]
        commenter.save(update_fields=["banned_at", "sanction_reason"])
        _refuse_held(commenter, moderator, reason)
        ModerationAction.objects.create(kind=ActionKind.BANNED, actor=moderator, subject=reader,
                                        reason=reason)
    return commenter


def reinstate_reader(moderator, reader, reason: str = "") -> Commenter:
    commenter = _sanction_target(moderator, reader)
    with transaction.atomic():
        commenter.banned_at = None
        commenter.suspended_until = None
        commenter.sanction_reason = ""
        commenter.save(update_fields=["banned_at", "suspended_until", "sanction_reason"])
        ModerationAction.objects.create(kind=ActionKind.REINSTATED, actor=moderator,
                                        subject=reader, reason=reason)
    return commenter


# --- Reading --------------------------------------------------------------------------------

@dataclass
class ThreadPage:
    comments: list[Comment]
    total: int  # published comments on the article, replies included
    top_level: int
    page: int
    pages: int
    sort: str


def comment_counts(article_ids) -> dict[int, int]:
    """Published comments per article, in one query."""
    rows = (Comment.objects.published().filter(article_id__in=list(article_ids))
            .values("article_id").annotate(n=Count("pk")).order_by())
    return {row["article_id"]: row["n"] for row in rows}


def thread_page(article, user, *, sort: str = "newest", page: int = 1) -> ThreadPage:
    """One page of top-level comments with their replies, in a fixed number of queries.

    Published comments are paged straight off an index, however many there are; the reader's
    own held or rejected comments come first on page 1, and featured ones are marked.
    """
    sort = sort if sort in SORTS else "newest"
    per_page = app_settings.comments_per_page()
    logged_in = user is not None and user.is_authenticated
    top = Comment.objects.published().filter(article=article, parent=None)
    top_level = top.count()
    pages = max(1, -(-top_level // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    comments = list(top.select_related("author__commenter").order_by(*SORTS[sort])
                    [start:start + per_page])
    if logged_in and page == 1:
        own_hidden = (Comment.objects.filter(
            article=article, parent=None, author=user,
            status__in=[CommentStatus.PENDING, CommentStatus.REJECTED])
            .select_related("author__commenter").order_by("-created_at")[:per_page])
        comments = list(own_hidden) + comments
    ids = [c.pk for c in comments]
    replies: dict[int, list[Comment]] = {pk: [] for pk in ids}
    if ids:
        for reply in (Comment.objects.visible_to(user if logged_in else None)
                      .filter(parent_id__in=ids)
                      .select_related("author__commenter").order_by("created_at", "pk")):
            replies[reply.parent_id].append(reply)
    everyone = comments + [r for rs in replies.values() for r in rs]
    mine_recommended: set[int] = set()
    mine_reported: set[int] = set()
    if logged_in and everyone:
        all_ids = [c.pk for c in everyone]
        mine_recommended = set(Recommendation.objects.filter(
            user=user, comment_id__in=all_ids).values_list("comment_id", flat=True))
        mine_reported = set(Report.objects.filter(
            reporter=user, comment_id__in=all_ids).values_list("comment_id", flat=True))
    now = timezone.now()
    for comment in everyone:
        comment.thread_replies = replies.get(comment.pk, [])
        comment.recommended_by_me = comment.pk in mine_recommended
        comment.reported_by_me = comment.pk in mine_reported
        comment.is_mine = logged_in and comment.author_id == user.pk
        comment.can_edit = comment.is_mine and now <= comment.editable_until()
    total = comment_counts([article.pk]).get(article.pk, 0)
    return ThreadPage(comments, total, top_level, page, pages, sort)


def display_name(comment: Comment) -> str:
    if comment.author_id is None:
        return _("Deleted reader")
    commenter = getattr(comment.author, "commenter", None)
    return commenter.display_name if commenter else _("Reader")


# --- The reader's own data (called by accounts' export and deletion pages) ------------------

def export_reader_comments(user) -> list[dict]:
    """Every comment the reader wrote, with its status, for their data download."""
    rows = (Comment.objects.filter(author=user).exclude(status=CommentStatus.DELETED)
            .select_related("article").order_by("created_at", "pk"))
    return [
        {
            "id": c.pk,
            "article": c.article.title,
            "article_url": c.article.full_url or c.article.url,
            "in_reply_to": c.parent_id,
            "text": c.text,
            "status": c.status,
            "policy_clause": c.clause,
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            "recommendations": c.recommend_count,
        }
        for c in rows
    ]


def erase_reader_comments(user: AbstractBaseUser,
                          mode: Literal["anonymise", "remove"]) -> int:
    """Before an account is deleted: keep its comments as from a deleted reader, or remove them.

    Returns how many comments were changed. Either way the comments stop pointing at the user
    and the reader's recommendations and reports are dropped.
    """
    if mode not in ("anonymise", "remove"):
        raise ValueError(f"mode must be 'anonymise' or 'remove', not {mode!r}")
    with transaction.atomic():
        mine = Comment.objects.filter(author=user)
        article_ids = set(mine.filter(status=CommentStatus.PUBLISHED)
                          .values_list("article_id", flat=True))
        n = mine.count()
        if mode == "remove":
            # Replies by others stay visible under a removed comment's place in the thread.
            mine.update(status=CommentStatus.DELETED, text="", author=None, ip_hash="",
                        is_featured=False)
        else:
            mine.update(author=None, ip_hash="")
        for rec in Recommendation.objects.filter(user=user).select_related("comment"):
            Comment.objects.filter(pk=rec.comment_id, recommend_count__gt=0).update(
                recommend_count=F("recommend_count") - 1)
            article_ids.add(rec.comment.article_id)
        Recommendation.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).delete()
        Commenter.objects.filter(user=user).delete()
        ModerationAction.objects.create(kind=ActionKind.ERASED, reason=mode,
                                        details={"comments": n})
        for article_id in article_ids:
            transaction.on_commit(lambda a=article_id: invalidate_article(a))
    return n


def moderation_queue(status: str):
    """Comments for a queue tab, with what put each one there."""
    base = Comment.objects.select_related("article", "author__commenter", "parent")
    if status == "reported":
        qs = base.filter(reports__resolved_at__isnull=True).distinct()
    elif status in (CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.REJECTED):
        qs = base.filter(status=status)
    else:
        qs = base.exclude(status=CommentStatus.DELETED)
    order = "created_at" if status == CommentStatus.PENDING else "-created_at"
    return qs.order_by(order, "pk").prefetch_related("reports")


def queue_counts() -> dict[str, int]:
    counts = Comment.objects.aggregate(
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
        reported=Count("pk", filter=Q(reports__resolved_at__isnull=True), distinct=True),
    )
    return counts
