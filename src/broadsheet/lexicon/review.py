"""Reviewing My words: each saved word is a card that FSRS (the `fsrs` package) schedules.

A card shows the word's sentence with the word blanked; the reader recalls it, sees the
answer and grades their recall (Again, Hard, Good, Easy). `grade` hands the card and the
grade to FSRS's Scheduler and stores what it returns: the next due time and the memory
state (stability, difficulty, learning step) on the SavedWord row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fsrs import Card, Rating, Scheduler, State

from broadsheet.core import rate_limits
from broadsheet.core.errors import ReaderError
from broadsheet.lexicon.models import ReviewState, SavedWord
from broadsheet.lexicon.saved_words import saved_word_for

# FSRS's default parameters and learning steps (1 and 10 minutes); fuzzing spreads the
# reviews of words saved together over nearby days.
SCHEDULER = Scheduler()
# The grades as the review form names them, in the order of the keyboard shortcuts 1-4.
GRADES = (
    (Rating.Again, gettext_lazy("Again")),
    (Rating.Hard, gettext_lazy("Hard")),
    (Rating.Good, gettext_lazy("Good")),
    (Rating.Easy, gettext_lazy("Easy")),
)


class ReviewError(ReaderError):
    """A grade that cannot be recorded (unknown grade, a card graded twice)."""


@dataclass(frozen=True)
class Cloze:
    """The sentence around the blanked word; `found` is False when the sentence does not
    contain the word (the card then asks for the word by its definition)."""

    before: str
    answer: str
    after: str
    found: bool


def cloze(word: SavedWord) -> Cloze:
    """The word's sentence split around the word as it was met (or its dictionary form)."""
    sentence = word.sentence or ""
    for form in (word.headword, word.lemma):
        if not form:
            continue
        pattern = r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, form.split())) + r"(?![\w-])"
        match = re.search(pattern, sentence, flags=re.IGNORECASE)
        if match:
            return Cloze(sentence[: match.start()], match.group(), sentence[match.end() :], True)
    return Cloze("", word.headword, "", False)


def _card(word: SavedWord) -> Card:
    return Card(
        card_id=word.pk,
        state=State(word.review_state),
        step=word.review_step,
        stability=word.review_stability,
        difficulty=word.review_difficulty,
        due=word.review_due.astimezone(dt.UTC),
        last_review=word.last_reviewed.astimezone(dt.UTC) if word.last_reviewed else None,
    )


def due_cards(reader, now: dt.datetime | None = None):
    """The reader's saved words due for review at `now`, the longest overdue first."""
    now = now or timezone.now()
    return (
        SavedWord.objects.filter(reader=reader, review_due__lte=now)
        .select_related("article")
        .order_by("review_due", "pk")
    )


def due_count(reader, now: dt.datetime | None = None) -> int:
    """How many of the reader's saved words are due for review at `now`."""
    return due_cards(reader, now).count()


def next_due(reader) -> dt.datetime | None:
    """When the reader's next card falls due (None without saved words)."""
    word = SavedWord.objects.filter(reader=reader).order_by("review_due", "pk").first()
    return word.review_due if word else None


def parse_rating(raw) -> Rating:
    """A grade from a form or a test: 1-4 or its name; anything else is a 400."""
    if isinstance(raw, Rating):
        return raw
    text = str(raw).strip()
    for rating, _label in GRADES:
        if text == str(int(rating)) or text.casefold() == rating.name.casefold():
            return rating
    raise ReviewError("invalid_grade", _("Choose Again, Hard, Good or Easy."))


def grade(
    reader,
    card,
    rating,
    now: dt.datetime | None = None,
    *,
    seen: int | None = None,
    address: str | None = None,
) -> SavedWord:
    """Record the reader's grade of one of their cards (a SavedWord or its id) at `now`.

    `seen` is the card's review count when it was shown: a second grade of the same
    showing (a form sent twice) is refused with 409 and changes nothing. Counted against
    the "review" rate limit first (RateLimited, 429); another reader's card is a 404.
    """
    rate_limits.check("review", account=reader.pk, address=address)
    rating = parse_rating(rating)
    now = (now or timezone.now()).astimezone(dt.UTC)  # FSRS takes UTC only
    card_id = card.pk if isinstance(card, SavedWord) else card
    with transaction.atomic():
        word = saved_word_for(reader, card_id)
        word = SavedWord.objects.select_for_update().get(pk=word.pk)
        if seen is not None and seen != word.review_count:
            raise ReviewError(
                "already_graded",
                _("You have already graded “%(word)s”.") % {"word": word.headword},
                status=409,
            )
        reviewed, _log = SCHEDULER.review_card(_card(word), rating, now)
        word.review_due = reviewed.due
        word.review_state = ReviewState(int(reviewed.state))
        word.review_step = reviewed.step
        word.review_stability = reviewed.stability
        word.review_difficulty = reviewed.difficulty
        word.last_reviewed = reviewed.last_review
        word.review_count += 1
        word.save(
            update_fields=[
                "review_due",
                "review_state",
                "review_step",
                "review_stability",
                "review_difficulty",
                "last_reviewed",
                "review_count",
            ]
        )
    return word


def as_dict(word: SavedWord) -> dict:
    """The card's schedule, for the reader's data export."""
    return {
        "due": word.review_due.isoformat(),
        "state": ReviewState(word.review_state).name.lower(),
        "step": word.review_step,
        "stability": word.review_stability,
        "difficulty": word.review_difficulty,
        "last_reviewed": word.last_reviewed.isoformat() if word.last_reviewed else None,
        "reviews": word.review_count,
    }
