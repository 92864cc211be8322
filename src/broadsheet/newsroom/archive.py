"""Date archives: `/archive/`, `/archive/2026/`, `/archive/2026/11/` and `/archive/2026/11/30/`.

A period's page lists its live public articles newest first, in bounded pages like a
section (`listing.py`: one range scan of the `published_at` index, never counted), the
shorter periods in it that have articles, and the nearest earlier and later periods that
have some. Nothing here counts articles: whether a month has any is an EXISTS that stops at
the first row the index gives, and the twelve months of a year (or the days of a month, or
the years of the archive) are asked in one query. Days are those of the site's time zone
(KST), as the dates on the cards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.newsroom import models
from broadsheet.newsroom.listing import listing_page
from broadsheet.newsroom.tag_pages import cacheable

# The years the archive's front page asks about in one query (SQLite's limit on columns).
YEARS_PER_QUERY = 100


def _midnight(year: int, month: int, day: int) -> dt.datetime:
    """The start of a day in the site's time zone (ValueError if there is no such day)."""
    return dt.datetime(year, month, day, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Period:
    """A year, a month of a year or a day, in the site's time zone."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, year: str, month: str | None = None, day: str | None = None) -> Period:
        """The period the URL names, or a 404 for a date that does not exist or cannot be
        stored (year 0, month 13, February 30, the last day of year 9999)."""
        period = cls(int(year), int(month) if month else None, int(day) if day else None)
        try:
            if 0 in (period.year, period.month, period.day):
                raise ValueError("no year, month or day 0")
            period.bounds()
        except (ValueError, OverflowError):
            raise Http404(_("There is no such date in the archive.")) from None
        return period

    @classmethod
    def containing(cls, moment: dt.datetime, like: Period) -> Period:
        """The period of `like`'s length that holds `moment`."""
        local = timezone.localtime(moment)
        return cls(
            local.year,
            local.month if like.month else None,
            local.day if like.day else None,
        )

    def start(self) -> dt.datetime:
        return _midnight(self.year, self.month or 1, self.day or 1)

    def end(self) -> dt.datetime:
        if self.day:
            following = self.first_day + dt.timedelta(days=1)
            return _midnight(following.year, following.month, following.day)
        if self.month:
            year, month = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
            return _midnight(year, month, 1)
        return _midnight(self.year + 1, 1, 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Start and end as UTC instants (what the database compares), or ValueError or
        OverflowError when a bound is not a datetime."""
        return self.start().astimezone(dt.UTC), self.end().astimezone(dt.UTC)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def date_format(self) -> str:
        """How to name the period (Django's localised format names)."""
        if self.day:
            return "DATE_FORMAT"
        return "YEAR_MONTH_FORMAT" if self.month else "Y"

    @property
    def url(self) -> str:
        if self.day:
            args = [f"{self.year:04d}", f"{self.month:02d}", f"{self.day:02d}"]
            return reverse("newsroom:archive_day", args=args)
        if self.month:
            return reverse("newsroom:archive_month", args=[f"{self.year:04d}", f"{self.month:02d}"])
        return reverse("newsroom:archive_year", args=[f"{self.year:04d}"])

    def parents(self) -> list[Period]:
        """The year and the month above a day, the year above a month."""
        above = [Period(self.year)] if self.month else []
        return above + ([Period(self.year, self.month)] if self.day else [])

    def parts(self) -> list[Period]:
        """The months of a year or the days of a month (none for a day)."""
        if self.day:
            return []
        if not self.month:
            return [Period(self.year, month) for month in range(1, 13)]
        days = (self.end().date() - self.start().date()).days
        return [Period(self.year, self.month, day) for day in range(1, days + 1)]


def dated_articles():
    """Live public articles, for date filters that read nothing but the date index."""
    return models.live_articles().select_related(None).prefetch_related(None).order_by()


def in_period(period: Period):
    start, end = period.bounds()
    return dated_articles().filter(published_at__gte=start, published_at__lt=end)


def with_articles(periods: list[Period]) -> list[Period]:
    """Those of `periods` that have a live public article: one query of EXISTS."""
    if not periods:
        return []
    parts, params = [], []
    for period in periods:
        sql, args = in_period(period).values("pk").query.sql_with_params()
        parts.append(f"EXISTS ({sql})")
        params.extend(args)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    return [period for period, has in zip(periods, found, strict=True) if has]


def neighbours(period: Period) -> tuple[Period | None, Period | None]:
    """The nearest earlier and later periods of the same length that have articles."""
    start, end = period.bounds()
    dates = dated_articles().values_list("published_at", flat=True)
    before = dates.filter(published_at__lt=start).order_by("-published_at").first()
    after = dates.filter(published_at__gte=end).order_by("published_at").first()
    return (
        Period.containing(before, period) if before else None,
        Period.containing(after, period) if after else None,
    )


def archive_period(request, year: str, month: str | None = None, day: str | None = None):
    period = Period.parse(year, month, day)
    start, end = period.bounds()
    articles = models.live_articles().filter(published_at__gte=start, published_at__lt=end)
    articles_page = listing_page(request, articles, models.ARTICLES_PER_PAGE)
    if not articles_page.object_list:
        raise Http404(_("No articles were published on that date."))
    articles_page.object_list = models.with_listing_extras(articles_page.object_list, request)
    earlier, later = neighbours(period)
    context = {
        "period": period,
        "parts": with_articles(period.parts()),
        "earlier": earlier,
        "later": later,
        "articles_page": articles_page,
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return cacheable(TemplateResponse(request, "newsroom/archive_page.html", context))


def archive_index(request) -> TemplateResponse:
    """The years that have articles, newest first."""
    dates = dated_articles().values_list("published_at", flat=True)
    newest = dates.order_by("-published_at").first()
    oldest = dates.order_by("published_at").first()
    years: list[Period] = []
    if newest and oldest:
        last, first = timezone.localtime(newest).year, timezone.localtime(oldest).year
        candidates = [Period(year) for year in range(last, first - 1, -1)]
        for i in range(0, len(candidates), YEARS_PER_QUERY):
            years += with_articles(candidates[i : i + YEARS_PER_QUERY])
    context = {"years": years, "canonical_url": request.build_absolute_uri(request.path)}
    return cacheable(TemplateResponse(request, "newsroom/archive_index.html", context))
