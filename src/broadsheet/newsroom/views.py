"""Reader views outside the page tree: search and the Google News sitemap."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.newsroom.models import ARTICLES_PER_PAGE, ArticlePage, live_articles
from broadsheet.newsroom.search import newest_matches

MAX_QUERY_LENGTH = 200
# What reaches the search backend: words only. SQLite's FTS5 (and PostgreSQL's tsquery)
# give operators to punctuation, and a reader's quote mark must not become a syntax error.
SEARCH_TERM = re.compile(r"[\w][\w'’\-]*")


def search_terms(query: str) -> str:
    return " ".join(term.strip("'’-") for term in SEARCH_TERM.findall(query))


@dataclass
class ResultsPage:
    """One page of ranked results, found without counting every match (docs/PERFORMANCE.md)."""

    number: int
    object_list: list
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def results_page_number(request) -> int:
    """`?page=N`, at most SEARCH_MAX_PAGE; anything else is a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= settings.SEARCH_MAX_PAGE:
        raise Http404(_("There is no such page of this list."))
    return int(raw)


def search_articles(terms: str, number: int, per_page: int = ARTICLES_PER_PAGE) -> ResultsPage:
    """Page `number` of live articles matching every term, most relevant first.

    Wagtail's search backend ranks them (PostgreSQL: ts_rank over its GIN-indexed entries,
    among the SEARCH_CANDIDATES newest matches, newsroom/search.py); one query fetches the
    page and one more result to know whether there is a next page.
    """
    if not terms:
        return ResultsPage(number=number, object_list=[], has_next=False)
    articles = ArticlePage.objects.live().public().prefetch_related("authors")
    results = newest_matches(articles, terms).search(terms, operator="and", order_by_relevance=True)
    start = (number - 1) * per_page
    found = list(results[start : start + per_page + 1])
    if number > 1 and not found:
        raise Http404(_("There is no such page of this list."))
    return ResultsPage(number=number, object_list=found[:per_page], has_next=len(found) > per_page)


def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    results_page = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Searches are limited to %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
    elif any(ord(ch) < 32 for ch in query):
        error = _("The search contains characters that cannot be searched for.")
    elif query:
        results_page = search_articles(search_terms(query), results_page_number(request))
    status = 400 if error else 200
    return render(
        request,
        "newsroom/search_page.html",
        {"query": query, "results_page": results_page, "error": error},
        status=status,
    )


def news_sitemap(request):
    """Google News sitemap: articles published in the last two days."""
    since = timezone.now() - dt.timedelta(days=2)
    articles = live_articles().filter(published_at__gte=since)[:1000]
    return TemplateResponse(
        request,
        "newsroom/news_sitemap.xml",
        {"articles": articles},
        content_type="application/xml; charset=utf-8",
    )
