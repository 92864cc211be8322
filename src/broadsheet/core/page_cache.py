"""The anonymous reader's page cache, with exact invalidation and bounded memory.

Reader pages are looked up by a middleware before sessions, auth or Wagtail's router run,
keyed by URL path, language and `?page=N`. Only a 200 from a Wagtail page is stored, and
`?page=N` only when N is, written canonically, the page number the page rendered; so a
flood of made-up URLs stores nothing.

Each path has a generation in the shared cache, and every stored page carries the
generation it was rendered under. A page is served only while the two match. Publishing
sets the generations of the paths that show it to a new value taken from the clock
(`invalidate_pages`); a generation that is missing (expired or evicted) means "unknown":
the page is rendered again and stored under a new clock value, so a purged page can never
come back. Every key has a finite timeout. If the shared cache fails (Redis down), the
reader gets the view's answer, never an error.

Besides its path's, every stored page carries the site generation (the generation of the
pseudo-path `EVERY_PAGE`), read in the same round trip. A change to what every page shows,
the navigation, sets it (`invalidate_site`): every stored page of every path stops being
served at once, in every worker within a second. The caching proxies put the same value in
their keys (`site_generation`, tools/stack/nginx.conf).
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as ListPage
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.translation import get_language_from_request
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.views import serve as wagtail_serve

from broadsheet.core import reader_prefs
from broadsheet.core.background import enqueue_on_commit
from broadsheet.core.tasks import EVERY_PAGE, purge_paths

log = logging.getLogger(__name__)

GENERATION_KEY = "page-gen:{path}"
PAGE_KEY = "page:v5:{lang}:{prefs}:{url}"
CACHEABLE_QUERY_KEYS = {"page"}
# Sub-pages that routable pages serve under their own URL (see newsroom.models).
ROUTES = ("feed/",)

# Where the caching proxies ask for the site generation, and the header that answers.
SITE_GENERATION_PATH = "/.site-generation"
SITE_GENERATION_HEADER = "X-Site-Generation"

# What a page is rendered under: (the site generation, the path's generation).
Generations = tuple[int | None, int | None]
# A stored page: ((site generation, path generation), status, headers, body).
Entry = tuple[tuple[int, int], int, list, bytes]


def request_is_cacheable(request) -> bool:
    """Anonymous GETs of plain page URLs (only one `?page=N` allowed) may come from the cache."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= CACHEABLE_QUERY_KEYS
        and len(request.GET.getlist("page")) <= 1
    )


def new_generation() -> int:
    """A generation no earlier one equals: nanoseconds of the wall clock."""
    return time.time_ns()


class _LocalMemo:
    """This process's copy of recent cache entries and path generations, both bounded.

    A hit then costs no cache read at all. Generations are re-read from the shared cache
    at most every GENERATION_TTL seconds, so another worker's invalidation reaches this one
    within that time; this worker's own invalidations apply at once. Entries are evicted
    least recently used first beyond PAGE_CACHE_LOCAL_MAX_ENTRIES or _MAX_BYTES.
    """

    GENERATION_TTL = 1.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generations: OrderedDict[str, tuple[float, int | None]] = OrderedDict()
        self.pages: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self.bytes = 0

    def both(self, path: str) -> Generations:
        """The site's and the path's generations, each None when the shared cache has none
        (or fails); both re-read in one round trip when either is older than GENERATION_TTL."""
        now = time.monotonic()
        with self.lock:
            known = [self.generations.get(p) for p in (EVERY_PAGE, path)]
        if all(k is not None and now - k[0] < self.GENERATION_TTL for k in known):
            return known[0][1], known[1][1]  # type: ignore[index]
        site, page = _shared_generations([EVERY_PAGE, path])
        self.remember(EVERY_PAGE, site, now)
        self.remember(path, page, now)
        return site, page

    def remember(self, path: str, generation: int | None, now: float | None = None) -> None:
        with self.lock:
            self.generations[path] = (time.monotonic() if now is None else now, generation)
            self.generations.move_to_end(path)
            while len(self.generations) > settings.PAGE_CACHE_LOCAL_MAX_ENTRIES:
                self.generations.popitem(last=False)

    def forget(self, path: str) -> None:
        with self.lock:
            self.generations.pop(path, None)

    def get(self, key: str) -> Entry | None:
        with self.lock:
            held = self.pages.get(key)
            if held is None:
                return None
            if held[0] < time.monotonic():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
        return held[1]

    def put(self, key: str, entry: Entry) -> None:
        size = len(entry[3])
        if size > settings.PAGE_CACHE_LOCAL_MAX_BYTES:
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, entry)
            self.bytes += size
            while (
                len(self.pages) > settings.PAGE_CACHE_LOCAL_MAX_ENTRIES
                or self.bytes > settings.PAGE_CACHE_LOCAL_MAX_BYTES
            ):
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        _, entry = self.pages.pop(key)
        self.bytes -= len(entry[3])


_memo = _LocalMemo()


def clear_local_copy() -> None:
    """Forget this process's copies (tests switch databases and caches under it)."""
    global _memo
    _memo = _LocalMemo()


def _shared_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:
        log.warning("page cache unavailable: reading %s", key, exc_info=True)
        return None


def _shared_generations(paths: list[str]) -> list[int | None]:
    """The generations of these paths in the shared cache, in one round trip."""
    keys = [GENERATION_KEY.format(path=path) for path in paths]
    try:
        found = cache.get_many(keys)
    except Exception:
        log.warning("page cache unavailable: reading %s", keys, exc_info=True)
        found = {}
    return [found.get(key) if isinstance(found.get(key), int) else None for key in keys]


def _shared_call(what: str, fn, *args, **kwargs) -> Any:
    try:
        return fn(*args, **kwargs)
    except Exception:
        log.warning("page cache unavailable: %s", what, exc_info=True)
        return None


def _key(request) -> str:
    # One of settings.LANGUAGES (the cookie's or Accept-Language's), as LocaleMiddleware picks.
    language = get_language_from_request(request)
    # The reader's theme and text size shape <html class>: each choice is its own copy.
    prefs = reader_prefs.cache_key_part(request)
    return PAGE_KEY.format(lang=language, prefs=prefs, url=request.get_full_path())


def _is_entry(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 4 and isinstance(value[0], tuple)


def _cached(key: str, generation: Generations) -> Entry | None:
    """The stored page for this key if it was rendered under the site's and path's generations."""
    if None in generation:
        return None
    entry = _memo.get(key)
    if entry is None or entry[0] != generation:
        entry = _shared_get(key)
        if not _is_entry(entry):
            return None
        _memo.put(key, entry)
    return entry if entry[0] == generation else None


def _generations_for_storing(path: str, seen: Generations) -> tuple[int, int] | None:
    """The site's and path's generations to store a page under that was rendered when `seen`
    was current, or None (do not store) when either changed meanwhile."""
    site = _generation_for_storing(EVERY_PAGE, seen[0])
    page = _generation_for_storing(path, seen[1]) if site is not None else None
    return None if site is None or page is None else (site, page)


def _generation_for_storing(path: str, seen: int | None) -> int | None:
    """The generation to store a page under that was rendered when `seen` was current.

    None (do not store) when the generation changed while the page was rendered: a
    publication may have made the rendered copy stale. A path without a generation gets a
    new one from the clock, unless another request or an invalidation set one meanwhile.
    """
    key = GENERATION_KEY.format(path=path)
    timeout = settings.PAGE_CACHE_GENERATION_SECONDS
    if seen is None:
        started = new_generation()
        if not _shared_call("starting a generation", cache.add, key, started, timeout):
            return None
        generation = started
    else:
        if _shared_get(key) != seen:
            _memo.forget(path)
            return None
        _shared_call("keeping a generation", cache.touch, key, timeout)
        generation = seen
    _memo.remember(path, generation)
    return generation


def shared_generation(path: str) -> int | None:
    """The path's generation as the shared cache holds it now (not this worker's copy, which
    may be a second old), or None: missing, or the shared cache fails."""
    generation = _shared_get(GENERATION_KEY.format(path=path))
    return generation if isinstance(generation, int) else None


def start_generation(request) -> int | None:
    """A generation for the page being rendered, whose path had none when it was routed.

    The clock now, unless an invalidation has set one since (then None: what was read may
    be stale). The page cache then stores the page under it. Called only for pages that
    exist (newsroom's fragments), so made-up URLs start no generation.
    """
    started = new_generation()
    key = GENERATION_KEY.format(path=request.path)
    timeout = settings.PAGE_CACHE_GENERATION_SECONDS
    if not _shared_call("starting a generation", cache.add, key, started, timeout):
        return None
    _memo.remember(request.path, started)
    request.page_generation_started = started
    return started


def _page_number_is_valid(request, response) -> bool:
    """No `?page=`, or the canonical number of the list page the response rendered."""
    raw = request.GET.get("page")
    if raw is None:
        return True
    if not (raw.isascii() and raw.isdigit() and raw == str(int(raw))):
        return False
    context = getattr(response, "context_data", None) or {}
    return any(
        isinstance(value, ListPage) and value.number == int(raw) for value in context.values()
    )


def _frozen(generation: tuple[int, int], response) -> Entry:
    """What a cached page is: status, headers and body (no live response objects shared)."""
    return (generation, response.status_code, list(response.items()), response.content)


def _thawed(entry: Entry) -> HttpResponse:
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
        if settings.PROXY_PURGE_URLS:
            # Behind a purged proxy only its misses come here: never answer one from this
            # worker's possibly second-old generations, the proxy would keep that copy.
            _memo.forget(EVERY_PAGE)
            _memo.forget(request.path)
        seen = _memo.both(request.path)
        entry = _cached(key, seen)
        if entry is not None:
            return _thawed(entry)
        response = self.get_response(request)
        if seen[1] is None:  # the render may have started one (start_generation)
            seen = (seen[0], getattr(request, "page_generation_started", None))
        if (
            getattr(response, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.streaming
            and _page_number_is_valid(request, response)
        ):
            patch_cache_control(response, public=True, max_age=60)
            # Browsers and proxies must not give one theme's copy to another cookie.
            patch_vary_headers(response, ("Cookie",))
            # Stored with the page: ConditionalGetMiddleware then hashes no body on a hit.
            set_response_etag(response)
            generation = _generations_for_storing(request.path, seen)
            if generation is None:  # maybe stale already: no shared cache may keep it
                patch_cache_control(response, private=True)
            else:
                entry = _frozen(generation, response)
                _shared_call("storing a page", cache.set, key, entry, settings.PAGE_CACHE_SECONDS)
                _memo.put(key, entry)
        return response


def invalidate_paths(paths: Iterable[str]) -> None:
    """Give these paths a new generation: every stored copy of them stops being served.

    Again once the transaction commits (a page rendered from the data before the commit is
    then not stored), and then caches outside Django, such as the caching proxies
    (core/proxy_purge.py), are purged by a background job.
    """
    paths = list(paths)
    _new_generations(paths)
    transaction.on_commit(partial(_new_generations, paths))
    if paths and settings.PAGE_PURGERS:
        enqueue_on_commit(purge_paths, paths)


def invalidate_site() -> None:
    """Every stored copy of every page stops being served: a change to what every page shows
    (the navigation). The proxies drop theirs through the same job (`EVERY_PAGE`)."""
    invalidate_paths([EVERY_PAGE])


def site_generation(request) -> HttpResponse:
    """For the caching proxies, which put it in every page's key (tools/stack/nginx.conf):
    the site generation, started when missing; kept a minute, purged when it changes."""
    generation = shared_generation(EVERY_PAGE)
    if generation is None:  # missing: start one, or read the one another request started
        generation = _generation_for_storing(EVERY_PAGE, None) or shared_generation(EVERY_PAGE)
    response = HttpResponse(status=204)
    # Unknown (the shared cache fails): a value that keys no stored page, asked again soon.
    response[SITE_GENERATION_HEADER] = str(generation or 0)
    patch_cache_control(response, public=True, max_age=60 if generation else 1)
    return response


def _new_generations(paths: list[str]) -> None:
    timeout = settings.PAGE_CACHE_GENERATION_SECONDS
    for path in paths:
        _memo.forget(path)
        # Set even when missing: a page rendered before this moment must not be stored.
        key = GENERATION_KEY.format(path=path)
        _shared_call("invalidating " + path, cache.set, key, new_generation(), timeout)


def invalidate_pages(pages: Iterable) -> None:
    """Drop every cached copy of these pages and their routes (all languages and pages),
    and of the pages outside the tree that list them (`broadsheet_paths_showing` hooks)."""
    paths = []
    for page in pages:
        url = page.get_url()
        if url:
            paths += [url, *(url + route for route in ROUTES)]
        for fn in hooks.get_hooks("broadsheet_paths_showing"):
            paths += fn(page)
    invalidate_paths(paths)


def pages_showing(page) -> list:
    """The page itself and its ancestors (listings, home). An article's other readers (its
    "More from" neighbours, tag and archive pages) come from the `broadsheet_paths_showing`
    hooks that `invalidate_pages` asks; they are a few pages, never the whole section. What
    every page shows of a section (its title and place in the navigation and breadcrumbs)
    is not here: a change to it purges every page (`invalidate_site`, called by
    newsroom/navigation.py); an edit of anything else (its introduction) shows on these only."""
    return [page, *page.get_ancestors()]


# Connected when the app registry is ready (CoreConfig.ready imports this module): pages are
# also published by the scheduler (publish_scheduled) and the admin, not only by services.
@receiver(page_published, dispatch_uid="bs-cache-publish")
@receiver(page_unpublished, dispatch_uid="bs-cache-unpublish")
@receiver(post_delete, sender=Page, dispatch_uid="bs-cache-delete")
def invalidate_on_publish(sender, instance, **kwargs) -> None:
    """Publishing, unpublishing or deleting a page drops the cached pages that show it."""
    invalidate_pages(pages_showing(instance))


def _purge_old_url(page: Page, url_path: str) -> None:
    """The URL a page had at `url_path` serves it no more: whatever is kept under it goes
    (the stored page, and the fragments and row keyed by its generation)."""
    old = copy.copy(page)
    old.url_path = url_path
    url = old.get_url()
    if url:
        invalidate_paths([url])


@receiver(post_page_move, dispatch_uid="bs-cache-move")
def invalidate_old_url_on_move(
    sender, instance, url_path_before=None, url_path_after=None, **kwargs
) -> None:
    if url_path_before and url_path_before != url_path_after:
        _purge_old_url(instance, url_path_before)


@receiver(page_slug_changed, dispatch_uid="bs-cache-slug")
def invalidate_old_url_on_new_slug(sender, instance, instance_before=None, **kwargs) -> None:
    if instance_before is not None:
        _purge_old_url(instance, instance_before.url_path)
