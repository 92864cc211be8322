"""The sitemap index and its files, each of at most `NEWSROOM_SITEMAP_MAX_URLS` URLs.

`/sitemap.xml` is an index: one file of the pages that are not articles (home, sections,
policy pages), then the articles cut into files by page id: file N holds the live, public
articles whose id is in [(N-1) x L, N x L). A file is one range scan of the primary key,
never an OFFSET that grows with the archive, and the index costs one MAX(id) of Wagtail's
page table (an index lookup; the same MAX over articles joins every article to its page row,
645 ms at a million articles). Ids freed by deleted pages, and those of pages that are not
articles, only make a file shorter; the limit still holds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page, get_page_models

from broadsheet.newsroom.models import ArticlePage

SECTION_URL_NAME = "newsroom:sitemap_section"


def max_urls() -> int:
    return max(1, settings.NEWSROOM_SITEMAP_MAX_URLS)


class _IdRangePage:
    def __init__(self, object_list) -> None:
        self.object_list = object_list


class IdRangePaginator:
    """Sitemap files by id range; the interface Django's sitemap views use of a Paginator."""

    def __init__(self, queryset, per_file: int) -> None:
        self.queryset = queryset
        self.per_file = per_file

    @cached_property
    def num_pages(self) -> int:
        highest = Page.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return highest // self.per_file + 1

    def page(self, number) -> _IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        low = (number - 1) * self.per_file
        rows = self.queryset.filter(pk__gte=low, pk__lt=low + self.per_file).order_by("pk")
        return _IdRangePage(rows)


class PagesSitemap(Sitemap):
    """Every live, public page of the site that is not an article (a few dozen)."""

    @property
    def limit(self) -> int:
        return max_urls()

    def items(self):
        # The other page types by name (an index lookup on the content type), not "not an
        # article", which reads every article to count the rest (201 ms at a million).
        others = [m for m in get_page_models() if m is not Page and not issubclass(m, ArticlePage)]
        return super().items().exact_type(*others)

    def get_latest_lastmod(self):
        return None  # Django's default reads every item


class ArticlesSitemap(Sitemap):
    """The live, public articles of the site, in files cut by id."""

    @property
    def limit(self) -> int:
        return max_urls()

    def items(self):
        root = self.get_wagtail_site().root_page
        return ArticlePage.objects.live().public().descendant_of(root).defer_streamfields()

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        return None  # one index entry per file; a date would cost a read of every article


SITEMAPS = {"pages": PagesSitemap, "articles": ArticlesSitemap}


def index(request):
    """The sitemap index: the pages' file, then one file per id range of articles."""
    return wagtail_sitemap_views.index(request, SITEMAPS, sitemap_url_name=SECTION_URL_NAME)


def section(request, section: str):
    """One file of the index (`?p=N` for the Nth file of a section)."""
    return wagtail_sitemap_views.sitemap(request, SITEMAPS, section=section)
