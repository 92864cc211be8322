"""The review page of My words: a plain form flow that works without JavaScript.

GET shows the next due card (the sentence with the word blanked); "Show answer" is a link
to the same card with its answer; the four grades are buttons of one POST form, which
records the grade (lexicon.review.grade) and sends the reader to the next card.
`static/lexicon/js/review.mjs` adds keyboard shortcuts and shows the answer in place.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from broadsheet.core import rate_limits
from broadsheet.core.client import client_ip
from broadsheet.core.errors import ReaderError
from broadsheet.core.rate_limits import RateLimited
from broadsheet.lexicon import review


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def _render(request, card_id: int | None = None, show_answer: bool = False, status: int = 200):
    due = review.due_cards(request.user)
    word = due.filter(pk=card_id).first() if card_id is not None else None
    if word is None:
        word, show_answer = due.first(), False
    context = {
        "word": word,
        "show_answer": show_answer,
        "due_count": due.count(),
        "grades": [(int(rating), label) for rating, label in review.GRADES],
    }
    if word is not None:
        context["cloze"] = review.cloze(word)
    else:
        context["next_due"] = review.next_due(request.user)
    return render(request, "lexicon/review_page.html", context, status=status)


@never_cache
@login_required
@require_GET
def review_page(request) -> HttpResponse:
    """The next due card; `?card=N&answer=1` the same card with its answer."""
    return _render(
        request,
        _int_or_none(request.GET.get("card")),
        show_answer=request.GET.get("answer") == "1",
    )


@never_cache
@login_required
@require_POST
def grade(request, word_id: int) -> HttpResponse:
    """Record the grade, then on to the next card (or back to this one on bad input)."""
    try:
        word = review.grade(
            request.user,
            word_id,
            request.POST.get("grade", ""),
            seen=_int_or_none(request.POST.get("seen")),
            address=client_ip(request),
        )
    except RateLimited as error:
        return rate_limits.refusal_page(request, error)
    except ReaderError as error:
        if error.status == 409:  # the same showing graded twice: on to the next card
            messages.info(request, error.message)
            return redirect(reverse("lexicon:review") + "#review")
        messages.error(request, error.message)
        return _render(request, word_id, show_answer=True, status=error.status)
    messages.success(
        request,
        _("“%(word)s”: next review in %(time)s.")
        % {"word": word.headword, "time": timeuntil(word.review_due)},
    )
    return redirect(reverse("lexicon:review") + "#review")
