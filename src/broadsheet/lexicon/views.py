"""Reader pages of the dictionary: search, the no-JavaScript word page, and My words."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from broadsheet.core import rate_limits
from broadsheet.core.client import client_ip
from broadsheet.core.rate_limits import RateLimited
from broadsheet.lexicon import lookups, review, saved_words, study_sheet
from broadsheet.lexicon.engine import InvalidQuery
from broadsheet.lexicon.saved_words import SavedWordError

PROFILE_SECTION_WORDS = 10


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 19 else None


@require_GET
def search(request):
    """The dictionary's front page: a form; `?q=word` goes to the word's page."""
    query = request.GET.get("q", "")
    error = ""
    if query:
        try:
            lookups.look_up(query)  # validates; the answer page looks it up again
        except InvalidQuery:
            error = lookups.invalid_message(query)
        else:
            return redirect(lookups.page_url(query.strip()))
    return render(
        request,
        "lexicon/search_page.html",
        {"query": query[:200], "error": error},
        status=400 if error else 200,
    )


@require_GET
def word(request, word: str):
    """The popup's answer as a page: `?context=SENTENCE` orders senses, `?article=N`."""
    try:
        rate_limits.check_request("dictionary_lookup", request)
    except RateLimited as refusal:
        return rate_limits.refusal_page(request, refusal)
    context = request.GET.get("context") or None
    article_id = _int_or_none(request.GET.get("article"))
    answer, error, suggestions, status = None, "", [], 200
    try:
        result = lookups.look_up(word, context, article_id)
    except InvalidQuery:
        error, status = lookups.invalid_message(word), 400
    else:
        if result is None:
            suggestions, status = lookups.suggestions(word), 404
        else:
            study_sheet.record_request(request, result, context, article_id)
            answer = lookups.as_dict(result)
    return render(
        request,
        "lexicon/word_page.html",
        {
            "word": lookups.headword_of(word) if status != 400 else "",
            "answer": answer,
            "error": error,
            "suggestions": suggestions,
            "context": lookups.clean_context(context),
            "article_id": article_id,
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def my_words(request):
    return render(
        request,
        "lexicon/my_words_page.html",
        {
            "words": saved_words.words_of(request.user),
            "due_count": review.due_count(request.user),
        },
    )


@login_required
@require_POST
def save_word(request):
    """Save from the word page without JavaScript, then back to it."""
    text = request.POST.get("text", "")
    sentence = request.POST.get("sentence", "")
    try:
        word, created = saved_words.save_word(
            request.user,
            text,
            sentence,
            _int_or_none(request.POST.get("article")),
            address=client_ip(request),
        )
    except RateLimited as error:
        return rate_limits.refusal_page(request, error)
    except SavedWordError as error:
        messages.error(request, error.message)
        return redirect("lexicon:search")
    if created:
        messages.success(request, _("“%(word)s” is saved to My words.") % {"word": word.headword})
    else:
        messages.info(request, _("“%(word)s” was already in My words.") % {"word": word.headword})
    return redirect(lookups.page_url(word.headword, word.sentence or None))


@login_required
@require_POST
def remove_word(request, word_id: int):
    try:
        headword = saved_words.remove_word(request.user, word_id, address=client_ip(request))
    except RateLimited as error:
        return rate_limits.refusal_page(request, error)
    except SavedWordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(word)s” is removed from My words.") % {"word": headword})
    return redirect("lexicon:my_words")


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_GET
def export_csv(request):
    return _download(
        saved_words.export_csv(request.user), "text/csv; charset=utf-8", "broadsheet-my-words.csv"
    )


@never_cache
@login_required
@require_GET
def export_anki(request):
    return _download(
        saved_words.export_anki(request.user),
        "text/tab-separated-values; charset=utf-8",
        "broadsheet-my-words-anki.txt",
    )


def render_profile_section(request) -> str:
    """My words on the reader's profile (the `broadsheet_profile_sections` hook)."""
    if not request.user.is_authenticated:
        return ""
    words = saved_words.words_of(request.user)
    return render_to_string(
        "lexicon/profile_section.html",
        {
            "words": words[:PROFILE_SECTION_WORDS],
            "total": words.count(),
            "due_count": review.due_count(request.user),
        },
        request=request,
    )


def render_article_tool(request, article) -> str:
    """The Dictionary tool on an article: the same for every reader (the page is cached)."""
    return render_to_string(
        "lexicon/article_tool.html",
        {
            "article": article,
            "dictionary_url": reverse("lexicon:search"),
            "api_url": "/api/dictionary/",
        },
    )


def render_study_sheet_tool(request, article) -> str:
    """The "Print with my words" tool: a link to the article with its study sheet, for a
    logged-in reader only. Their pages never come from the page cache (a session cookie
    bypasses it), and the copies it keeps are rendered for readers without a session, so
    no cached copy carries the link and none varies by who reads it."""
    if not request.user.is_authenticated:
        return ""
    return render_to_string(
        "lexicon/study_sheet_tool.html",
        {"href": f"?{study_sheet.PARAMETER}={study_sheet.VALUE}#study-sheet"},
    )


def render_study_sheet(request, article) -> str:
    """After the article, with `?words=mine`: the reader's words of it, for printing."""
    if request.GET.get(study_sheet.PARAMETER) != study_sheet.VALUE:
        return ""
    reader = request.user
    return render_to_string(
        "lexicon/study_sheet.html",
        {
            "article": article,
            "entries": study_sheet.entries(reader, article) if reader.is_authenticated else [],
            "login_url": reverse("account_login"),
        },
        request=request,
    )
