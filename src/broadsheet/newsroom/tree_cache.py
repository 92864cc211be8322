"""One version number for what every reader page reads of the site's shape, and its receivers.

Sites, locales, view restrictions and the pages above the articles (home, sections, policy
pages) change rarely and are read by every request: the router, the navigation and every
listing's "public" filter. Each process keeps its copy of them (`routing.py`, `restricted`
here) under the version it read from the shared cache; any change to one of them sets a
new version (`bump`), so every process of every app server rebuilds its copy on its next
request. Reading the version is one cache read per request, no database query.

Articles are not part of it: an article's save, publication or move changes no version
(class attribute `changes_site_tree = False`), so a busy newsroom does not empty the copies.
"""

from __future__ import annotations

import contextlib
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "newsroom:tree-version"
VERSION_SECONDS = 7 * 24 * 3600


def version() -> int:
    """The current version; a missing one (evicted, or a new cache) is started now."""
    try:
        current = cache.get(VERSION_KEY)
        if isinstance(current, int):
            return current
        cache.add(VERSION_KEY, time.time_ns(), VERSION_SECONDS)
        current = cache.get(VERSION_KEY)
    except Exception:  # the cache is down: never trust a copy, rebuild on every request
        return -time.time_ns()
    return current if isinstance(current, int) else -time.time_ns()


def bump() -> None:
    """A new version: every process rebuilds its copy on its next request."""
    # A cache that is down answers version() < 0: copies are then rebuilt on every request.
    with contextlib.suppress(Exception):
        cache.set(VERSION_KEY, time.time_ns(), VERSION_SECONDS)


class _Restrictions:
    lock = threading.Lock()
    version: int | None = None
    rows: list[tuple[str, PageViewRestriction]] = []


def restricted() -> list[tuple[str, PageViewRestriction]]:
    """Every view restriction with the tree path of the page it guards."""
    current = version()
    if _Restrictions.version != current or current < 0:
        rows = [(r.page.path, r) for r in PageViewRestriction.objects.select_related("page").all()]
        with _Restrictions.lock:
            _Restrictions.rows, _Restrictions.version = rows, current
    return _Restrictions.rows


def public_q() -> Q:
    """Pages under no view restriction (Wagtail's `.public()` without its query per call)."""
    q = Q()
    for path, _restriction in restricted():
        q |= Q(path__startswith=path)
    return ~q if q else Q()


def restrictions_over(path: str) -> list[PageViewRestriction]:
    """The view restrictions of the page at `path` and of its ancestors."""
    return [r for guarded, r in restricted() if path.startswith(guarded)]


def _bump_now_and_on_commit() -> None:
    # Now, so this transaction's own reads rebuild; on commit, so that no process keeps a
    # copy built while the change was not yet visible to it.
    bump()
    transaction.on_commit(bump)


def changes_site_tree(instance) -> bool:
    """Whether `instance` is a page that shapes the site (`changes_site_tree` of its specific
    class). Wagtail often hands over a plain `Page` row (a move saves and signals one), so
    the class is read from its content type, never from the instance's own type."""
    if not isinstance(instance, Page):
        return False
    specific = instance.specific_class or type(instance)
    return getattr(specific, "changes_site_tree", True)


@receiver(post_save, dispatch_uid="bs-tree-save")
@receiver(post_delete, dispatch_uid="bs-tree-delete")
def _on_model_change(sender, instance, **kwargs) -> None:
    if isinstance(instance, Site | Locale | PageViewRestriction) or changes_site_tree(instance):
        _bump_now_and_on_commit()


@receiver(page_published, dispatch_uid="bs-tree-publish")
@receiver(page_unpublished, dispatch_uid="bs-tree-unpublish")
@receiver(post_page_move, dispatch_uid="bs-tree-move")
def _on_page_change(sender, instance, **kwargs) -> None:
    if changes_site_tree(instance):
        _bump_now_and_on_commit()
