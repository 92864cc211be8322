"""A reader's "My words": save a looked-up word with its sentence, list, remove, export."""

from __future__ import annotations

import csv
import html
import io

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from broadsheet.core import rate_limits
from broadsheet.core.errors import ReaderError
from broadsheet.lexicon import lookups
from broadsheet.lexicon.engine.normalize import InvalidQuery, normalize
from broadsheet.lexicon.models import MAX_GLOSS_LENGTH, MAX_SENTENCE_LENGTH, SavedWord
from broadsheet.newsroom.models import ArticlePage

MAX_SAVED_WORDS = 5000


class SavedWordError(ReaderError):
    """A word that cannot be saved, or a saved word that is not the reader's."""


def sentence_of(text: str | None) -> str:
    """The sentence a word was met in, as it is kept: cleaned and bounded."""
    return (lookups.clean_context(text) or "")[:MAX_SENTENCE_LENGTH]


def remembered_sense(result) -> dict[str, str]:
    """What is kept of an answer: the sense shown first (and its language) and the gloss
    in the reader's language, if the paper's glossary has one."""
    glossary = result.glossary if result is not None else None
    glosses = lookups.glosses_for_reader(glossary.glosses) if glossary is not None else []
    gloss = glosses[0] if glosses else {"language": "", "text": ""}
    sense, sense_language = lookups.best_definition(result)
    return {
        "sense": sense,
        "sense_language": sense_language,
        "gloss": gloss["text"][:MAX_GLOSS_LENGTH],
        "gloss_language": gloss["language"],
    }


def save_word(
    reader,
    text: str,
    sentence: str | None = None,
    article_id: int | None = None,
    *,
    address: str | None = None,
) -> tuple[SavedWord, bool]:
    """Keep a word (and the sentence it was met in) in the reader's list.

    Saving the same word with the same sentence again returns the existing entry
    (created=False). Raises SavedWordError for text that cannot be looked up, and
    rate_limits.RateLimited past the "saved_words" limit (checked first).
    """
    rate_limits.check("saved_words", account=reader.pk, address=address)
    try:
        headword = normalize(text).text
    except InvalidQuery:
        raise SavedWordError("invalid", lookups.invalid_message(text)) from None
    sentence = sentence_of(sentence)
    article = None
    if article_id is not None:
        article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    result = lookups.look_up(headword, sentence or None, article.pk if article else None)
    lemma = result.lemma if result is not None else headword
    kept = remembered_sense(result)
    with transaction.atomic():
        existing = SavedWord.objects.filter(reader=reader, lemma=lemma, sentence=sentence).first()
        if existing is not None:
            return existing, False
        if SavedWord.objects.filter(reader=reader).count() >= MAX_SAVED_WORDS:
            raise SavedWordError(
                "full",
                _("My words holds at most %(max)d words; remove some to save more.")
                % {"max": MAX_SAVED_WORDS},
                status=409,
            )
        try:
            with transaction.atomic():
                word = SavedWord.objects.create(
                    reader=reader,
                    headword=headword,
                    lemma=lemma,
                    sentence=sentence,
                    definition=kept["sense"],
                    definition_language=kept["sense_language"],
                    gloss=kept["gloss"],
                    gloss_language=kept["gloss_language"],
                    article=article,
                )
        except IntegrityError:  # the same word saved twice at once: keep the first
            return SavedWord.objects.get(reader=reader, lemma=lemma, sentence=sentence), False
    return word, True


def words_of(reader):
    """The reader's saved words, newest first, with their articles."""
    return SavedWord.objects.filter(reader=reader).select_related("article")


def saved_word_for(reader, word_id) -> SavedWord:
    """One of the reader's own saved words; another reader's is as good as missing (404)."""
    try:
        word_id = int(word_id)
    except (TypeError, ValueError):
        word_id = 0
    word = SavedWord.objects.filter(reader=reader, pk=word_id).first()
    if word is None:
        raise SavedWordError("not_found", _("There is no such word in My words."), status=404)
    return word


def remove_word(reader, word_id, *, address: str | None = None) -> str:
    """Remove one word from the reader's list (counted against "saved_words" first);
    returns its headword."""
    rate_limits.check("saved_words", account=reader.pk, address=address)
    word = saved_word_for(reader, word_id)
    word.delete()
    return word.headword


def as_dict(word: SavedWord) -> dict:
    return {
        "id": word.pk,
        "headword": word.headword,
        "lemma": word.lemma,
        "sentence": word.sentence,
        "definition": word.definition,
        "definition_language": word.definition_language or "en",
        "gloss": word.gloss or None,
        "gloss_language": word.gloss_language or None,
        "article_id": word.article_id,
        "article_title": word.article.title if word.article_id and word.article else None,
        "created": word.created.isoformat(),
    }


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


CSV_COLUMNS = [
    "word",
    "dictionary_form",
    "definition",
    "gloss",
    "gloss_language",
    "sentence",
    "article",
    "article_url",
    "saved_at",
]


def export_csv(reader) -> str:
    """My words as CSV with a header row (UTF-8, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for word in words_of(reader):
        row = [
            word.headword,
            word.lemma,
            word.definition,
            word.gloss,
            word.gloss_language,
            word.sentence,
            word.article.title if word.article else "",
            word.article.full_url if word.article else "",
            word.created.isoformat(),
        ]
        writer.writerow([_spreadsheet_safe(value or "") for value in row])
    return out.getvalue()


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def export_anki(reader) -> str:
    """My words as a tab-separated file Anki imports as notes: front, back, tags.

    The front is the word; the back the definition, the gloss and the sentence (as
    HTML, which the file's header tells Anki); tags name the paper and the word's level.
    """
    lines = ["#separator:tab", "#html:true", "#columns:Front\tBack\tTags", "#tags column:3"]
    for word in words_of(reader):
        back = [html.escape(_one_line(word.definition))]
        if word.gloss:
            back.append(html.escape(_one_line(word.gloss)))
        if word.sentence:
            back.append("<i>" + html.escape(_one_line(word.sentence)) + "</i>")
        front = html.escape(_one_line(word.headword))
        if word.lemma and word.lemma.casefold() != word.headword.casefold():
            front += f" ({html.escape(_one_line(word.lemma))})"
        tags = ["broadsheet"]
        if word.article_id and word.article:
            tags.append("broadsheet::" + word.article.slug)
        lines.append("\t".join([front, "<br><br>".join(back), " ".join(tags)]))
    return "\n".join(lines) + "\n"
