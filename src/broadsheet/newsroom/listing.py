"""Pages of a newest-first listing whose cost does not grow with the archive.

A section's list is never counted (a COUNT over a million articles reads them all) and goes
back at most `NEWSROOM_LISTING_MAX_PAGES` pages, so the largest OFFSET any request can ask
for is fixed by settings, not by the number of articles. Older articles stay reachable
through the sitemaps, the feeds' readers and search.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page as ListPage
from django.http import Http404
from django.utils.translation import gettext as _


class BoundedPage(ListPage):
    """One page of a listing that knows whether an older page exists, not how many do."""

    def __init__(self, object_list, number: int, *, per_page: int, more: bool) -> None:
        super().__init__(object_list, number, paginator=None)  # type: ignore[arg-type]
        self.per_page = per_page
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def max_pages() -> int:
    return max(1, settings.NEWSROOM_LISTING_MAX_PAGES)


def listing_page(request, queryset, per_page: int) -> BoundedPage:
    """The `?page=N` of an ordered queryset: N from 1 to the setting's limit, else a 404.

    One query of at most `per_page + 1` rows (the one more says whether an older page exists).
    """
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 1 <= number <= max_pages():
        raise Http404(_("There is no such page of this list."))
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404(_("There is no such page of this list."))
    more = len(rows) > per_page and number < max_pages()
    return BoundedPage(rows[:per_page], number, per_page=per_page, more=more)
