"""The dictionary's stored data: the editorial glossary and each reader's saved words.

The dictionary itself is a read-only index built from packaged data (see build.py); only
what editors, operators and readers add lives in the database.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel

from broadsheet.lexicon.engine.normalize import InvalidQuery, normalize

MAX_TERM_LENGTH = 64  # the longest text the dictionary looks up
MAX_GLOSS_LENGTH = 200
# A language tag as in settings.LANGUAGES or BCP 47: "ko", "ja", "zh-hans", "pt-BR".
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_SENTENCE_LENGTH = 1000


def term_key(text: str) -> str:
    """The form a term is matched by: normalised, case-folded, hyphens as spaces.

    "Six-party talks", "six party talks" and "six-party talks’" share one key. Raises
    InvalidQuery for text the dictionary could never be asked about.
    """
    norm = normalize(text).text
    return " ".join(norm.replace("-", " ").split()).casefold()


def is_acronym(text: str) -> bool:
    """NIS, KOSPI, U.S.: matched with their case, so "US" never explains "us"."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and not any(ch.islower() for ch in letters)


def validate_language_tag(value: str) -> None:
    if not LANGUAGE_TAG.match(value):
        raise ValidationError(_("Enter a language code such as ko or ja."))


class GlossaryTermForm(WagtailAdminModelForm):
    """The admin form: tells the term whether its inline gloss rows give any text, since
    the rows are attached to the term only when it is saved, after validation."""

    def clean(self):
        cleaned = super().clean()
        rows = self.formsets.get("glosses")
        if rows is not None and rows.is_valid():
            self.instance.glosses_in_form = any(
                form.cleaned_data.get("text", "").strip() and not form.cleaned_data.get("DELETE")
                for form in rows.forms
                if getattr(form, "cleaned_data", None)
            )
        return cleaned


class GlossaryTerm(ClusterableModel):
    """A term the paper explains itself: a word, a phrase, an acronym or a name.

    Editorial terms are written in the admin, for the whole site or for one article; terms
    loaded from a bilingual glossary file (``load_glossary``) give glosses. Glosses are
    rows (GlossaryGloss) with a language, so a new language is new rows only.
    """

    class Kind(models.TextChoices):
        TERM = "term", _("term")
        PHRASE = "phrase", _("phrase")
        ACRONYM = "acronym", _("acronym")
        PERSON = "person", _("person")
        PLACE = "place", _("place")
        ORGANISATION = "organisation", _("organisation")

    class Source(models.TextChoices):
        EDITORIAL = "editorial", _("editorial")
        FILE = "file", _("loaded glossary file")

    term = models.CharField(
        _("term"),
        max_length=MAX_TERM_LENGTH,
        help_text=_("A word, a phrase or an acronym as it appears in articles, e.g. NIS."),
    )
    key = models.CharField(max_length=MAX_TERM_LENGTH * 2, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TERM)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        max_length=1000,
        help_text=_("A short explanation in plain English for learners."),
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="glossary_terms",
        help_text=_("Leave empty for a term explained on every article."),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source.choices,
        default=Source.EDITORIAL,
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    base_form_class = GlossaryTermForm
    panels = [
        FieldPanel("term"),
        FieldPanel("kind"),
        FieldPanel("explanation"),
        InlinePanel("glosses", label=_("Glosses")),
        FieldPanel("article"),
    ]

    class Meta:
        ordering = ["key", "pk"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "source"],
                condition=Q(article__isnull=True),
                name="lexicon_glossary_unique_site_term",
                violation_error_message=_("This term is already in the site-wide glossary."),
            ),
            models.UniqueConstraint(
                fields=["key", "source", "article"],
                condition=Q(article__isnull=False),
                name="lexicon_glossary_unique_article_term",
                violation_error_message=_("This term is already in this article's glossary."),
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs) -> None:
        # The key is derived from the term; keep it in step however the row is saved.
        self.key = term_key(self.term)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "term" in update_fields:
            kwargs["update_fields"] = {*update_fields, "key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.term = " ".join(unicodedata.normalize("NFC", self.term or "").split())
        try:
            self.key = term_key(self.term)
        except InvalidQuery:
            raise ValidationError(
                {
                    "term": _("Enter a word, phrase or acronym of at most %(max)d characters.")
                    % {"max": MAX_TERM_LENGTH}
                }
            ) from None
        if not self.explanation.strip() and not self.has_glosses():
            raise ValidationError(_("Give an explanation, a gloss or both."))
        # The key is not a form field, so the form cannot check the constraints for us.
        twins = GlossaryTerm.objects.filter(
            key=self.key, source=self.source, article_id=self.article_id
        ).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError(
                {
                    "term": _(
                        "This term is already in the glossary for "
                        "the same article or for the whole site."
                    )
                }
            )

    @property
    def matches_case(self) -> bool:
        return self.kind == self.Kind.ACRONYM or is_acronym(self.term)

    def has_glosses(self) -> bool:
        """Whether any gloss has text (the admin form's rows count before they are saved)."""
        in_form = getattr(self, "glosses_in_form", None)
        if in_form is not None:
            return in_form
        return any(g.text.strip() for g in self.glosses.all())


class GlossaryGloss(models.Model):
    """A term's gloss in one language (Korean, Japanese...): one row per language."""

    term = ParentalKey(GlossaryTerm, on_delete=models.CASCADE, related_name="glosses")
    language = models.CharField(
        _("language"),
        max_length=15,
        validators=[validate_language_tag],
        help_text=_("A language code, e.g. ko for Korean or ja for Japanese."),
    )
    text = models.CharField(_("gloss"), max_length=MAX_GLOSS_LENGTH)

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta:
        ordering = ["term", "language"]
        verbose_name = _("gloss")
        verbose_name_plural = _("glosses")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "language"], name="lexicon_gloss_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text}"


class ArticleProfile(models.Model):
    """An article's vocabulary profile, computed when a revision is published (profile.py).

    ``words`` maps a learner level ("B1") to its words to know, each a dict of
    engine.vocabulary.WordToKnow's fields. One row per article: a newer published revision
    replaces it.
    """

    class Level(models.TextChoices):
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    article = models.OneToOneField(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=2, choices=Level.choices, db_index=True)
    running_words = models.PositiveIntegerField(_("running words"))
    words = models.JSONField(_("words to know"), default=dict)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("vocabulary profile")
        verbose_name_plural = _("vocabulary profiles")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.level}"


class ReviewState(models.IntegerChoices):
    """FSRS's card states (fsrs.State has the same values)."""

    LEARNING = 1, _("learning")
    REVIEW = 2, _("review")
    RELEARNING = 3, _("relearning")


class SavedWord(models.Model):
    """A word a reader kept in "My words", with the sentence it was met in."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_words"
    )
    headword = models.CharField(_("word"), max_length=MAX_TERM_LENGTH)
    lemma = models.CharField(_("dictionary form"), max_length=MAX_TERM_LENGTH * 2)
    sentence = models.TextField(_("sentence"), blank=True, max_length=MAX_SENTENCE_LENGTH)
    # What the popup showed when the word was saved, kept for the list and the exports.
    definition = models.TextField(_("definition"), blank=True)
    # The definition's language: English from the dictionary, or the reader's language
    # when it is the dictionary's note ("Not in the dictionary; this looks like a name.").
    definition_language = models.CharField(
        _("definition language"), max_length=15, blank=True, default="en"
    )
    gloss = models.CharField(_("gloss"), max_length=MAX_GLOSS_LENGTH, blank=True)
    gloss_language = models.CharField(_("gloss language"), max_length=15, blank=True)
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("saved"), default=timezone.now, db_index=True)
    # The word's review card, as FSRS schedules it (lexicon/review.py): a new card is due
    # at once; each grade moves `review_due` on.
    review_due = models.DateTimeField(_("next review"), default=timezone.now)
    review_state = models.PositiveSmallIntegerField(
        _("review state"), choices=ReviewState.choices, default=ReviewState.LEARNING
    )
    review_step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    review_stability = models.FloatField(null=True, blank=True)
    review_difficulty = models.FloatField(null=True, blank=True)
    last_reviewed = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    review_count = models.PositiveIntegerField(_("reviews"), default=0)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("saved word")
        verbose_name_plural = _("saved words")
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "lemma", "sentence"], name="lexicon_savedword_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["reader", "review_due"], name="lexicon_savedword_due"),
        ]

    def __str__(self) -> str:
        return self.headword


class LookedUpWord(models.Model):
    """A word a logged-in reader looked up in an article, with the sense the dictionary
    showed first for its sentence: the study sheet lists them. Only the last few per
    article are kept (settings.LEXICON_LOOKUPS_KEPT_PER_ARTICLE); they are the reader's
    data, exported with it and deleted with the account."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="looked_up_words"
    )
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    headword = models.CharField(_("word"), max_length=MAX_TERM_LENGTH)
    lemma = models.CharField(_("dictionary form"), max_length=MAX_TERM_LENGTH * 2)
    sentence = models.TextField(_("sentence"), blank=True, max_length=MAX_SENTENCE_LENGTH)
    sense = models.TextField(_("sense shown"), blank=True)
    sense_language = models.CharField(max_length=15, blank=True, default="en")
    gloss = models.CharField(_("gloss"), max_length=MAX_GLOSS_LENGTH, blank=True)
    gloss_language = models.CharField(_("gloss language"), max_length=15, blank=True)
    looked_up = models.DateTimeField(_("looked up"), default=timezone.now)

    class Meta:
        ordering = ["-looked_up", "-pk"]
        verbose_name = _("looked-up word")
        verbose_name_plural = _("looked-up words")
        indexes = [
            models.Index(fields=["reader", "article", "looked_up"], name="lexicon_lookedup_recent"),
        ]

    def __str__(self) -> str:
        return self.headword
