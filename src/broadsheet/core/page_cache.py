"""The anonymous reader's page cache, with exact invalidation.

Reader pages are looked up by a middleware before sessions, auth or Wagtail's router run,
keyed by URL path, language and `?page=N`. Each path has a generation number in the shared
cache; publishing a page bumps the generations of the paths that show it
(`invalidate_pages`), which makes every cached copy unreachable at once, in every worker.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_request
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished
from wagtail.views import serve as wagtail_serve

GENERATION_KEY = "page-gen:{path}"
PAGE_KEY = "page:v2:{gen}:{lang}:{url}"
CACHEABLE_QUERY_KEYS = {"page"}
# Sub-pages that routable pages serve under their own URL (see newsroom.models).
ROUTES = ("feed/",)


def request_is_cacheable(request) -> bool:
    """Anonymous GETs of plain page URLs (only `?page=N` allowed) may come from the cache."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= CACHEABLE_QUERY_KEYS
    )


class _LocalMemo:
    """This process's copy of recent cache entries and path generations.

    A hit then costs no cache read at all. Generations are re-read from the shared cache
    at most every GENERATION_TTL seconds, so another worker's invalidation reaches this one
    within that time; this worker's own invalidations apply at once.
    """

    GENERATION_TTL = 1.0
    MAX_PAGES = 256

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generations: dict[str, tuple[float, int]] = {}
        self.pages: OrderedDict[str, tuple[float, int, list, bytes]] = OrderedDict()

    def generation(self, path: str) -> int:
        now = time.monotonic()
        known = self.generations.get(path)
        if known is not None and now - known[0] < self.GENERATION_TTL:
            return known[1]
        generation = int(cache.get_or_set(GENERATION_KEY.format(path=path), 1, timeout=None) or 1)
        self.generations[path] = (now, generation)
        return generation

    def forget(self, path: str) -> None:
        self.generations.pop(path, None)

    def get(self, key: str):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
        return entry

    def put(self, key: str, entry) -> None:
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.MAX_PAGES:
                self.pages.popitem(last=False)


_memo = _LocalMemo()


def clear_local_copy() -> None:
    """Forget this process's copies (tests switch databases and caches under it)."""
    global _memo
    _memo = _LocalMemo()


def _key(request) -> str:
    # One of settings.LANGUAGES (the cookie's or Accept-Language's), as LocaleMiddleware picks.
    language = get_language_from_request(request)
    return PAGE_KEY.format(
        gen=_memo.generation(request.path), lang=language, url=request.get_full_path()
    )


def _frozen(response) -> tuple[float, int, list, bytes]:
    """What a cached page is: status, headers and body (no live response objects shared)."""
    expires = time.monotonic() + settings.PAGE_CACHE_SECONDS
    return (expires, response.status_code, list(response.items()), response.content)


def _thawed(entry) -> HttpResponse:
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def serve(request, path: str = ""):
    """Wagtail's page view; its responses are marked as fit for the page cache."""
    response = wagtail_serve(request, path)
    response.page_cacheable = True
    return response


class PageCacheMiddleware:
    """Answers anonymous readers from the cache before sessions, auth or routing run.

    Sits right after the security headers; stores the final response of a page view (marked
    by `serve`) if it carries nothing specific to this visitor.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        entry = _memo.get(key)
        if entry is None:
            entry = cache.get(key)
            if isinstance(entry, tuple) and len(entry) == 4:
                _memo.put(key, entry)
            else:
                entry = None
        if entry is not None:
            return _thawed(entry)
        response = self.get_response(request)
        if (
            getattr(response, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.streaming
        ):
            patch_cache_control(response, public=True, max_age=60)
            entry = _frozen(response)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            _memo.put(key, entry)
        return response


def invalidate_paths(paths: Iterable[str]) -> None:
    for path in paths:
        _memo.forget(path)
        key = GENERATION_KEY.format(path=path)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, timeout=None)


def invalidate_pages(pages: Iterable) -> None:
    """Drop every cached copy of these pages and their routes (all languages and pages)."""
    paths = []
    for page in pages:
        url = page.get_url()
        if url:
            paths += [url, *(url + route for route in ROUTES)]
    invalidate_paths(paths)


def pages_showing(page) -> list:
    """The page itself, its ancestors (listings, home) and its siblings (related lists)."""
    return [page, *page.get_ancestors(), *page.get_siblings(inclusive=False)]


# Connected when the app registry is ready (CoreConfig.ready imports this module): pages are
# also published by the scheduler (publish_scheduled) and the admin, not only by services.
@receiver(page_published, dispatch_uid="bs-cache-publish")
@receiver(page_unpublished, dispatch_uid="bs-cache-unpublish")
@receiver(post_delete, sender=Page, dispatch_uid="bs-cache-delete")
def invalidate_on_publish(sender, instance, **kwargs) -> None:
    """Publishing, unpublishing or deleting a page drops the cached pages that show it."""
    invalidate_pages(pages_showing(instance))
