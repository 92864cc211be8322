"""Reader views outside the page tree: search and the Google News sitemap."""

from __future__ import annotations

import datetime as dt
import re

from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.newsroom.models import ArticlePage, live_articles, paginate

MAX_QUERY_LENGTH = 200
# What reaches the search backend: words only. SQLite's FTS5 (and PostgreSQL's tsquery)
# give operators to punctuation, and a reader's quote mark must not become a syntax error.
SEARCH_TERM = re.compile(r"[\w][\w'’\-]*")


def search_terms(query: str) -> str:
    return " ".join(term.strip("'’-") for term in SEARCH_TERM.findall(query))


def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    results_page = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Searches are limited to %(max)s characters.") % {"max": MAX_QUERY_LENGTH}
    elif any(ord(ch) < 32 for ch in query):
        error = _("The search contains characters that cannot be searched for.")
    elif query:
        terms = search_terms(query)
        results = (
            ArticlePage.objects.live()
            .public()
            .prefetch_related("authors")
            .search(terms, operator="and", order_by_relevance=True)
            if terms
            else ArticlePage.objects.none()
        )
        results_page = paginate(request, results)
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
