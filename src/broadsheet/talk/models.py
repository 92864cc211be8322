"""Comments and everything moderation keeps about them: readers, words, reports, the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from broadsheet.talk.clauses import CLAUSE_CHOICES

# The comment limit is an operator setting: app_settings.max_comment_characters().
MAX_DISPLAY_NAME = 40
MAX_REPORT_NOTE = 250
EDIT_WINDOW_SECONDS = 5 * 60


class Commenter(models.Model):
    """A reader as the comments know them: display name, policy acceptance and sanctions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commenter"
    )
    display_name = models.CharField(_("display name"), max_length=MAX_DISPLAY_NAME, unique=True)
    accepted_policy_at = models.DateTimeField(_("accepted the policy"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    banned_at = models.DateTimeField(_("banned"), null=True, blank=True)
    sanction_reason = models.CharField(_("reason"), max_length=300, blank=True)
    email_on_reply = models.BooleanField(_("e-mail me when someone replies"), default=False)
    email_on_rejection = models.BooleanField(
        _("e-mail me when a comment of mine is rejected"), default=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting review")
    REJECTED = "rejected", _("Rejected")
    DELETED = "deleted", _("Deleted")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommentStatus.PUBLISHED)

    def visible_to(self, user):
        """Published comments, plus the reader's own held or rejected ones."""
        if user is not None and user.is_authenticated:
            return self.filter(
                Q(status=CommentStatus.PUBLISHED)
                | Q(author=user, status__in=[CommentStatus.PENDING, CommentStatus.REJECTED])
            )
        return self.published()


class Comment(models.Model):
    # Set per reader by talk.services.threads when a thread is shown (not columns).
    thread_replies: list[Comment]
    is_mine: bool
    can_edit: bool
    recommended_by_me: bool
    reported_by_me: bool

    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    # What put the comment where it is: a rule name and its policy clause, or "reports".
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    clause = models.CharField(_("policy clause"), max_length=40, blank=True)
    reasons = models.JSONField(_("all rule findings"), default=list, blank=True)
    moderator_note = models.CharField(_("moderator's reason"), max_length=300, blank=True)
    links_approved = models.BooleanField(_("links approved"), default=False)
    is_featured = models.BooleanField(_("featured"), default=False)
    recommend_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when a moderator approves this text; an edit clears it (docs/talk.md, "Decisions stick").
    approved_at = models.DateTimeField(_("approved by a moderator"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", "Can moderate comments")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"], name="talk_comment_idempotent"
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "status", "parent", "-created_at"], name="talk_thread_newest"
            ),
            models.Index(
                fields=["article", "status", "parent", "-recommend_count", "-created_at"],
                name="talk_thread_top",
            ),
            models.Index(fields=["author", "-created_at"], name="talk_author_recent"),
            models.Index(fields=["status", "-created_at"], name="talk_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.text[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.url}#comment-{self.pk}"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    def editable_until(self):
        return self.created_at + timezone.timedelta(seconds=EDIT_WINDOW_SECONDS)


class Recommendation(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="recommendations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="talk_one_recommendation")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} recommends {self.comment_id}"


class ReportReason(models.TextChoices):
    ABUSIVE = "abusive", _("Abusive or hateful")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class ReportOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the comment was rejected")
    DISMISSED = "dismissed", _("Dismissed: the comment was approved")


class Report(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=MAX_REPORT_NOTE, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # What the moderator decided about the comment; the reporter's standing counts these.
    outcome = models.CharField(max_length=10, choices=ReportOutcome.choices, blank=True)
    # The reporter's standing when they reported (services.standing.report_weight).
    weight = models.FloatField(default=1.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="talk_one_report")
        ]

    def __str__(self) -> str:
        return f"{self.reason} on {self.comment_id}"


class ActionKind(models.TextChoices):
    POSTED = "posted", _("Posted")
    AUTO_HELD = "auto_held", _("Held by a rule")
    AUTO_REJECTED = "auto_rejected", _("Rejected by a rule")
    EDITED = "edited", _("Edited by the author")
    DELETED = "deleted", _("Deleted by the author")
    REPORTED = "reported", _("Reported")
    HIDDEN_BY_REPORTS = "hidden", _("Hidden by reports")
    FLAGGED_BY_REPORTS = "flagged", _("Flagged by reports (kept: a moderator approved it)")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FEATURED = "featured", _("Featured")
    UNFEATURED = "unfeatured", _("No longer featured")
    SUSPENDED = "suspended", _("Reader suspended")
    BANNED = "banned", _("Reader banned")
    REINSTATED = "reinstated", _("Reader reinstated")
    ERASED = "erased", _("Comments erased with the account")
    REDACTED = "redacted", _("Personal data redacted by a moderator")


class ModerationAction(models.Model):
    """The audit log: every decision about a comment or a reader, by whom and why."""

    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.comment_id or self.subject_id}"


class WordKind(models.TextChoices):
    BANNED = "banned", _("Banned (reject)")
    SUSPECT = "suspect", _("Suspect (hold for review)")


class MatchMode(models.TextChoices):
    """How an entry matches (talk/wordmatch; docs/talk.md explains how to choose)."""

    WORD = "word", _("Word (and its inflections or particles)")
    PREFIX = "prefix", _("Prefix (every word that starts with it)")
    EXACT = "exact", _("Exact (only the word standing alone)")


class ModeratedWord(index.Indexed, models.Model):
    """An entry of the banned or suspect word lists (English and Korean), edited by moderators."""

    word = models.CharField(_("word or phrase"), max_length=80)
    kind = models.CharField(_("list"), max_length=10, choices=WordKind.choices)
    match_mode = models.CharField(
        _("match"), max_length=6, choices=MatchMode.choices, default=MatchMode.WORD
    )
    clause = models.CharField(
        _("policy clause"),
        max_length=20,
        choices=CLAUSE_CHOICES,
        blank=True,
        help_text=_("The clause a match cites; empty: the list's own (banned §1, suspect §2)."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=[("en", "English"), ("ko", "한국어")]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldPanel("word"),
        FieldPanel("kind"),
        FieldPanel("match_mode"),
        FieldPanel("clause"),
        FieldPanel("language"),
        FieldPanel("note"),
    ]
    search_fields = [index.SearchField("word"), index.AutocompleteField("word")]

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = _("moderated word")
        verbose_name_plural = _("moderated words")
        constraints = [models.UniqueConstraint(fields=["word", "kind"], name="talk_word_once")]

    def __str__(self) -> str:
        return f"{self.word} ({self.get_kind_display()})"


@register_setting(icon="comment")
class ModerationSettings(BaseGenericSetting):
    """The moderation knobs editors and moderators can change without a deployment."""

    premoderate_all = models.BooleanField(
        _("pre-moderate every comment"),
        default=False,
        help_text=_("Hold every new comment for review before anyone else sees it."),
    )
    premoderated_sections = models.ManyToManyField(
        "newsroom.SectionPage",
        blank=True,
        related_name="+",
        verbose_name=_("pre-moderated sections"),
        help_text=_("Comments on articles in these sections (and below) are held for review."),
    )
    hold_first_comments = models.PositiveSmallIntegerField(
        _("hold a new reader's first comments"),
        default=1,
        help_text=_("How many comments of a new reader wait for review (0 turns this off)."),
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports that hide a comment"),
        default=3,
        help_text=_(
            "Reports are weighed by their reporters' standing: this many reports of readers "
            "in good standing hide a comment until a moderator looks at it (0 turns this off)."
        ),
    )
    trusted_reporter_comments = models.PositiveSmallIntegerField(
        _("published comments that give a report its full weight"),
        default=5,
        help_text=_("Only comments published at least a day before the report count."),
    )
    newcomer_report_weight = models.FloatField(
        _("weight of a report by a reader with no standing"),
        default=0.2,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    account_limit = models.PositiveSmallIntegerField(_("comments per reader per window"), default=5)
    ip_limit = models.PositiveSmallIntegerField(_("comments per IP address per window"), default=20)
    window_seconds = models.PositiveIntegerField(_("rate-limit window (seconds)"), default=300)
    duplicate_window_hours = models.PositiveSmallIntegerField(
        _("hours in which the same text is a duplicate"),
        default=24,
    )
    toxicity_threshold = models.FloatField(
        _("toxicity score that holds a comment"),
        default=0.8,
        help_text=_("Used only when an external scorer is configured (TALK_TOXICITY_URL)."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("premoderate_all"), FieldPanel("premoderated_sections")],
            heading=_("Pre-moderation"),
        ),
        FieldPanel("hold_first_comments"),
        MultiFieldPanel(
            [
                FieldPanel("report_threshold"),
                FieldPanel("trusted_reporter_comments"),
                FieldPanel("newcomer_report_weight"),
            ],
            heading=_("Reports"),
        ),
        MultiFieldPanel(
            [FieldPanel("account_limit"), FieldPanel("ip_limit"), FieldPanel("window_seconds")],
            heading=_("Rate limits"),
        ),
        FieldPanel("duplicate_window_hours"),
        FieldPanel("toxicity_threshold"),
    ]

    class Meta:
        verbose_name = _("comment moderation")


class PolicyPage(Page):
    """The Standards Board Policy: an introduction and numbered clauses, one page per language.

    Each language is a Wagtail translation of the page (same ``translation_key``, its own
    ``locale``); the clauses are part of the page and are translated with it. Whichever of
    the translations a reader opens, they are shown the one in their language (``serve``).
    """

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("clauses", heading=_("Clauses"), label=_("clause")),
    ]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types: list[str] = []
    template = "talk/policy_page.html"

    class Meta:
        verbose_name = _("Standards Board Policy")

    @property
    def meta_description(self) -> str:
        return self.search_description or str(_("How Broadsheet moderates readers' comments."))

    def serve(self, request, *args, **kwargs):
        # The newspaper has one page tree (newsroom's), so a translation sits beside the
        # original rather than under a home page of its own; every URL of the policy shows it
        # in the reader's language (docs/decisions/talk-policy-translations.md).
        localized = self.localized
        if localized.pk != self.pk:
            return super(PolicyPage, localized.specific).serve(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def get_url_for_clause(self, key: str) -> str:
        return f"{self.url}#clause-{key}"


class PolicyClause(Orderable):
    """One clause's full text; its key ties it to the rules that cite it (talk/clauses.py)."""

    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="clauses")
    key = models.CharField(_("clause"), max_length=40, choices=CLAUSE_CHOICES)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))

    panels = [FieldPanel("key"), FieldPanel("heading"), FieldPanel("text")]

    def __str__(self) -> str:
        return self.heading
