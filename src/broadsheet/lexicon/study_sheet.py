"""The study sheet: the words a reader looked up or saved in an article, with the sense each
has there, printed after the article (`?words=mine`).

A logged-in reader's lookups in an article are recorded (`record_lookup`): the word, its
sentence and the sense the dictionary showed first for that sentence. Only the newest
`LEXICON_LOOKUPS_KEPT_PER_ARTICLE` per article and `LEXICON_LOOKUPS_KEPT` in all are kept.
They are the reader's own data: in "Download my data", and deleted with the account.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from broadsheet.lexicon.engine import LookupResult
from broadsheet.lexicon.models import LookedUpWord, SavedWord
from broadsheet.lexicon.saved_words import remembered_sense, sentence_of
from broadsheet.newsroom.models import ArticlePage

# The print view's switch: the article's address with ?words=mine.
PARAMETER, VALUE = "words", "mine"


@dataclass(frozen=True)
class Entry:
    """One word of the sheet: as met, its dictionary form, the sense it has in the article."""

    headword: str
    lemma: str
    sense: str
    sense_language: str
    gloss: str
    gloss_language: str
    sentence: str
    saved: bool


def record_lookup(reader, article_id: int, result: LookupResult, context: str | None) -> bool:
    """Keep a reader's lookup of a word in a live article (looking it up again in the same
    sentence only refreshes it); returns False for an article that is not live and public."""
    if not ArticlePage.objects.live().public().filter(pk=article_id).exists():
        return False
    sentence = sentence_of(context)
    fields = remembered_sense(result)
    keep_per_article = settings.LEXICON_LOOKUPS_KEPT_PER_ARTICLE
    with transaction.atomic():
        mine = LookedUpWord.objects.filter(reader=reader, article_id=article_id)
        updated = mine.filter(lemma=result.lemma, sentence=sentence).update(
            headword=result.headword, looked_up=timezone.now(), **fields
        )
        if not updated:
            LookedUpWord.objects.create(
                reader=reader,
                article_id=article_id,
                headword=result.headword,
                lemma=result.lemma,
                sentence=sentence,
                **fields,
            )
            _forget_beyond(mine, keep_per_article)
            _forget_beyond(
                LookedUpWord.objects.filter(reader=reader), settings.LEXICON_LOOKUPS_KEPT
            )
    return True


def _forget_beyond(rows, keep: int) -> None:
    stale = list(rows.order_by("-looked_up", "-pk").values_list("pk", flat=True)[keep:])
    if stale:
        LookedUpWord.objects.filter(pk__in=stale).delete()


def record_request(request, result: LookupResult, context: str | None, article_id) -> bool:
    """Record a lookup made in an article by a logged-in reader; anonymous readers' lookups
    are not stored (and their session is not even read)."""
    if article_id is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    if not request.user.is_authenticated:
        return False
    return record_lookup(request.user, article_id, result, context)


def entries(reader, article: ArticlePage) -> list[Entry]:
    """The reader's saved and looked-up words of the article, each dictionary form once
    (a saved word before a lookup of it), in the order their sentences come in the text."""
    by_lemma: dict[str, Entry] = {}
    for word in SavedWord.objects.filter(reader=reader, article=article).order_by("created"):
        by_lemma.setdefault(
            word.lemma.casefold(),
            Entry(
                word.headword,
                word.lemma,
                word.definition,
                word.definition_language or "en",
                word.gloss,
                word.gloss_language,
                word.sentence,
                saved=True,
            ),
        )
    lookups = LookedUpWord.objects.filter(reader=reader, article=article).order_by("looked_up")
    for looked in lookups:
        by_lemma.setdefault(
            looked.lemma.casefold(),
            Entry(
                looked.headword,
                looked.lemma,
                looked.sense,
                looked.sense_language or "en",
                looked.gloss,
                looked.gloss_language,
                looked.sentence,
                saved=False,
            ),
        )
    text = " ".join(article.plain_text().split())

    def place(item: tuple[int, Entry]) -> tuple[bool, int, int]:
        index, entry = item
        at = text.find(entry.sentence) if entry.sentence else -1
        return (at < 0, at, index)

    return [entry for _index, entry in sorted(enumerate(by_lemma.values()), key=place)]


def as_dict(looked: LookedUpWord) -> dict:
    """A lookup for the reader's data export."""
    return {
        "headword": looked.headword,
        "lemma": looked.lemma,
        "sentence": looked.sentence,
        "sense": looked.sense,
        "sense_language": looked.sense_language,
        "gloss": looked.gloss or None,
        "gloss_language": looked.gloss_language or None,
        "article_id": looked.article_id,
        "looked_up": looked.looked_up.isoformat(),
    }
