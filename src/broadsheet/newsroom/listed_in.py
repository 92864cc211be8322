"""The pages outside the page tree that list an article, purged from the page cache with it.

An article is listed on its tags' pages (and their feeds), on the date archive of the
day it was published (day, month, year and the archive's front page), and under "More from"
on the pages of the few articles of its section published just after it. The page cache purges
the pages that show a page (`core.page_cache.invalidate_pages`); it asks the
`broadsheet_paths_showing` hook registered here for these paths, so publishing, unpublishing,
deleting and a comment becoming visible (its count is on the cards) purge them too.

What the article was before a change is read here, before it is saved or deleted: a tag
taken off or a date moved must purge the pages that listed it until then. A move changes
the URL on every card, so the lists are purged after it.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.signals import post_page_move

from broadsheet.core import page_cache
from broadsheet.newsroom.models import ArticlePage

# Saving these fields can change what a list shows of the article (its card) or whether it
# lists it at all; a save of other fields (a draft's bookkeeping) purges nothing.
LISTED_FIELDS = {"live", "title", "summary", "published_at", "slug", "url_path", "authors"}


def listing_paths(published_at, tag_slugs) -> list[str]:
    """The archive and tag pages (as `request.path` has them) that list such an article."""
    day = timezone.localtime(published_at)
    paths = [
        reverse("newsroom:archive"),
        reverse("newsroom:archive_year", args=[f"{day.year:04d}"]),
        reverse("newsroom:archive_month", args=[f"{day.year:04d}", f"{day.month:02d}"]),
        reverse(
            "newsroom:archive_day", args=[f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"]
        ),
    ]
    for slug in tag_slugs:
        paths += [reverse("newsroom:tag", args=[slug]), reverse("newsroom:tag_feed", args=[slug])]
    return [unquote(path) for path in paths]


def stored_listing_paths(article_pk: int, *, only_live: bool) -> list[str]:
    """The listing paths of the article as the database has it now (one query)."""
    rows = list(
        ArticlePage.objects.filter(pk=article_pk).values_list(
            "live", "published_at", "tagged_items__tag__slug"
        )
    )
    if not rows or (only_live and not rows[0][0]):
        return []
    return listing_paths(rows[0][1], [slug for _live, _date, slug in rows if slug])


def stored_related_paths(article_pk: int, *, only_live: bool) -> list[str]:
    """The pages of the articles whose "More from" shows the article as the database has it
    now: the few of its section published just after it (ArticlePage.later_in_section)."""
    stored = ArticlePage.objects.filter(pk=article_pk).only("path", "depth", "published_at")
    article = stored.filter(live=True).first() if only_live else stored.first()
    if article is None:
        return []
    return [url for page in article.later_in_section() if (url := page.get_url())]


def stored_paths_showing(article_pk: int, *, only_live: bool) -> list[str]:
    return [
        *stored_listing_paths(article_pk, only_live=only_live),
        *stored_related_paths(article_pk, only_live=only_live),
    ]


@hooks.register("broadsheet_paths_showing")
def paths_showing(page) -> list[str]:
    """For `core.page_cache.invalidate_pages`: an article's tag and archive pages and the
    pages of the articles that list it under "More from"."""
    if not isinstance(page, ArticlePage) or page.pk is None:
        return []
    return stored_paths_showing(page.pk, only_live=False)


@receiver(pre_save, sender=ArticlePage, dispatch_uid="bs-listed-in-save")
def purge_before_save(sender, instance, update_fields=None, **kwargs) -> None:
    """The lists that showed the article as it was (its old tags and date)."""
    if instance.pk is None or (update_fields is not None and not LISTED_FIELDS & update_fields):
        return
    page_cache.invalidate_paths(stored_paths_showing(instance.pk, only_live=True))


@receiver(pre_delete, sender=ArticlePage, dispatch_uid="bs-listed-in-delete")
def purge_before_delete(sender, instance, **kwargs) -> None:
    page_cache.invalidate_paths(stored_paths_showing(instance.pk, only_live=True))


@receiver(post_page_move, sender=ArticlePage, dispatch_uid="bs-listed-in-move")
def purge_after_move(sender, instance, **kwargs) -> None:
    page_cache.invalidate_paths(stored_paths_showing(instance.pk, only_live=True))
