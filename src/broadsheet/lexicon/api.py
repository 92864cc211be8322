"""The dictionary's JSON API, mounted at /api/dictionary/ by broadsheet.api (see docs/API.md).

Lookups are open to everyone and hold nothing per reader. "My words" needs the reader's
session and the CSRF token (header X-CSRFToken), which `GET my/session` hands to logged-in
readers, so reader pages themselves carry no token and stay cacheable.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from broadsheet.core import rate_limits
from broadsheet.core.api_schemas import ErrorOut as SharedErrorOut
from broadsheet.core.api_schemas import RowId
from broadsheet.core.client import client_ip
from broadsheet.core.errors import ReaderError
from broadsheet.lexicon import glossary, lookups, saved_words, study_sheet
from broadsheet.lexicon.engine import InvalidQuery

router = Router(tags=["dictionary"])


# ------------------------------------------------------------------------------ schemas


class ErrorOut(SharedErrorOut):
    suggestions: list[str] = Field(default_factory=list, description="Close spellings (404).")
    html: str | None = Field(None, description="The word page's 'not found' part (404).")


class GlossOut(Schema):
    language: str = Field(description="Language code: ko, ja ...")
    language_name: str = Field(description="The language's name in the reader's language")
    text: str


class PronunciationOut(Schema):
    word: str
    arpabet: str = Field(description="CMU Pronouncing Dictionary notation, e.g. T AO1 K")
    ipa: str = Field(description="The same in the International Phonetic Alphabet")


class SenseOut(Schema):
    key: str | None = Field(description="WordNet 3.0 sense key, e.g. long%3:00:02::")
    pos: str = Field(description="noun, verb, adjective or adverb")
    definition: str
    examples: list[str]
    synonyms: list[str]
    lemma: str
    score: float | None = Field(description="Fit to the context (higher is better), if ranked")


class DifficultyOut(Schema):
    level: str = Field(description="A1 (easiest) to C2, estimated from word frequency")
    zipf: float = Field(description="Zipf frequency of the word; 0 when unknown")


class FunctionGlossOut(Schema):
    pos: str
    gloss: str


class GlossaryOut(Schema):
    term: str
    kind: str = Field(description="term, phrase, acronym, person, place or organisation")
    explanation: str
    glosses: list[GlossOut] = Field(description="Translations, the reader's language first")
    source: str = Field(description="editorial (the paper's editors) or file (loaded glossary)")
    article_specific: bool


class PhraseOut(Schema):
    text: str
    url: str = Field(description="The phrase's own dictionary page")


class ExpressionSenseOut(Schema):
    key: str | None
    pos: str
    definition: str
    examples: list[str]


class ExpressionOut(Schema):
    lemma: str = Field(description="Dictionary form of the expression: 'call off'")
    pos: str = Field(description="verb, adverb or adjective")
    words: list[str] = Field(description="Its words as written in the sentence")
    offsets: list[int] = Field(
        description="Their word positions relative to the looked-up word (0 is that word)"
    )
    separated: bool = Field(description="An object stands between its words ('called it off')")
    senses: list[ExpressionSenseOut] = Field(description="Best fit to the sentence first")
    url: str


class LookupOut(Schema):
    headword: str = Field(description="The text as the reader selected it, normalised")
    lemma: str = Field(description="The dictionary form: intervened -> intervene")
    kind: str = Field(description="word, phrase, function_word, name, derived or glossary")
    note: str | None = Field(description="e.g. the derivation a derived word was explained by")
    note_code: str | None = Field(
        description="derived, compound, phrase_parts, name, name_part or abbreviation_or_name"
    )
    card: str | None = Field(description="One line for a name: 'Vladivostok: a port city ...'")
    parts_of_speech: list[str]
    pronunciations: list[PronunciationOut]
    senses: list[SenseOut] = Field(description="Best fit to the context first")
    context_ranked: bool = Field(description="The senses are ordered by fit to the context")
    difficulty: DifficultyOut | None
    function_gloss: FunctionGlossOut | None = Field(description="Learner's note on a function word")
    glossary: GlossaryOut | None = Field(description="The paper's own entry; wins when present")
    glosses: list[GlossOut] = Field(
        description="Glosses from the editorial or a loaded glossary, the reader's language first"
    )
    derived_from: list[str] = Field(description="Derivation chain: denuclearization -> ... ")
    phrases: list[PhraseOut] = Field(
        description="Expressions of the sentence that contain the word ('carry out' for 'out')"
    )
    expression: ExpressionOut | None = Field(
        description="The phrasal verb or idiom of the sentence the word belongs to; its "
        "senses come first in the answer"
    )
    url: str = Field(description="The page with the same answer, for readers without JavaScript")
    html: str = Field(description="The answer as that page renders it (the popup shows it)")


class GlossaryTermOut(Schema):
    term: str
    kind: str
    explanation: str
    glosses: list[GlossOut]
    article_specific: bool


class ArticleGlossaryOut(Schema):
    article_id: int
    terms: list[GlossaryTermOut]


class SessionOut(Schema):
    authenticated: bool
    csrf_token: str | None = Field(description="For X-CSRFToken on writes; logged-in only")
    login_url: str


class SaveWordIn(Schema):
    text: str = Field(max_length=200, description="The word or phrase as selected")
    sentence: str = Field("", max_length=5000, description="The sentence it was met in")
    article_id: RowId | None = None


class SavedWordOut(Schema):
    id: int
    headword: str
    lemma: str
    sentence: str
    definition: str
    definition_language: str = Field(
        description="'en', or the reader's language when the definition is the dictionary's note"
    )
    gloss: str | None
    gloss_language: str | None
    article_id: int | None
    article_title: str | None
    created: str


class SavedWordsOut(Schema):
    words: list[SavedWordOut]


class DeletedOut(Schema):
    deleted: bool


def _article_id(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ReaderError("invalid", _("The article must be given by its number."))
    return int(raw)


# ------------------------------------------------------------------------------- routes
# Fixed paths come first: the lookup route below takes any text, slashes included.


@router.get(
    "/articles/{article_id}/glossary",
    response={200: ArticleGlossaryOut, 404: ErrorOut},
    summary="The glossary terms to mark in an article",
)
def article_glossary(request: HttpRequest, article_id: RowId, response: HttpResponse):
    """The article's own terms first, then the site-wide editorial terms.

    An article that is not live and public answers 404, the same as a missing one.
    """
    terms = glossary.terms_for_article(article_id)
    if terms is None:
        raise ReaderError("not_found", _("There is no such article."), status=404)
    response["Cache-Control"] = "public, max-age=60"
    return {
        "article_id": article_id,
        "terms": [
            {
                "term": t.term,
                "kind": t.kind,
                "explanation": t.explanation,
                "glosses": lookups.glosses_for_reader(t.glosses),
                "article_specific": t.article_id is not None,
            }
            for t in terms
        ],
    }


@router.get("/my/session", response=SessionOut, summary="Whether the reader may save words")
def session(request: HttpRequest, response: HttpResponse):
    """A logged-in reader gets the CSRF token their writes need; others get none."""
    response["Cache-Control"] = "private, no-store"
    authenticated = request.user.is_authenticated
    return {
        "authenticated": authenticated,
        "csrf_token": get_token(request) if authenticated else None,
        "login_url": reverse("account_login"),
    }


@router.get("/my/words", auth=django_auth, response=SavedWordsOut, summary="My words")
def list_words(request: HttpRequest, response: HttpResponse):
    response["Cache-Control"] = "private, no-store"
    return {"words": [saved_words.as_dict(w) for w in saved_words.words_of(request.user)]}


@router.post(
    "/my/words",
    auth=django_auth,
    response={200: SavedWordOut, 201: SavedWordOut, 400: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Save a word to My words",
)
def save_word(request: HttpRequest, payload: SaveWordIn):
    """Saving the same word with the same sentence again answers 200 with the saved entry."""
    word, created = saved_words.save_word(
        request.user,
        payload.text,
        payload.sentence,
        payload.article_id,
        address=client_ip(request),
    )
    return Status(201 if created else 200, saved_words.as_dict(word))


@router.delete(
    "/my/words/{word_id}",
    auth=django_auth,
    response={200: DeletedOut, 404: ErrorOut, 429: ErrorOut},
    summary="Remove a word from My words",
)
def delete_word(request: HttpRequest, word_id: RowId):
    saved_words.remove_word(request.user, word_id, address=client_ip(request))
    return Status(200, {"deleted": True})


@router.get(
    "/", response={400: ErrorOut}, summary="An empty lookup (always 400)", include_in_schema=False
)
def empty(request: HttpRequest):
    raise ReaderError("invalid", lookups.invalid_message(""))


@router.get(
    "/{path:text}",
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Look up a word or phrase",
)
def lookup(
    request: HttpRequest,
    text: str,
    response: HttpResponse,
    context: str | None = None,
    article: str | None = None,
):
    """Explain `text` (at most 64 characters); senses ordered by fit to `context`.

    `context` is the sentence the text was met in; `article` the number of the article
    being read, so that its own glossary terms count. An unknown word answers 404 with
    close spellings; text that cannot be a word or phrase answers 400. Lookups count
    against the "dictionary_lookup" rate limit per client address (429, Retry-After).
    A logged-in reader's lookup with `article` is kept for their study sheet.
    """
    rate_limits.check_request("dictionary_lookup", request)
    article_id = _article_id(article)
    try:
        result = lookups.look_up(text, context, article_id)
    except InvalidQuery:
        raise ReaderError("invalid", lookups.invalid_message(text)) from None
    if result is None:
        word = lookups.headword_of(text)
        suggestions = lookups.suggestions(text)
        raise ReaderError(
            "not_found",
            _("“%(word)s” is not in the dictionary.") % {"word": word},
            status=404,
            suggestions=suggestions,
            html=lookups.not_found_html(suggestions),
        )
    # A logged-in reader's lookup in an article is kept for their study sheet.
    recorded = study_sheet.record_request(request, result, context, article_id)
    answer = lookups.as_dict(result)
    answer["html"] = lookups.answer_html(answer)
    # The hot path: as_dict builds exactly LookupOut (a test validates it against the
    # schema), so the answer goes out without a second validation by pydantic.
    out = JsonResponse(answer)
    out["Cache-Control"] = "private, max-age=300" if recorded else "public, max-age=300"
    return out
