"""Keys for the cached fragments of a reader page: the parts that are the same for every reader.

An uncached article render reuses its body, byline, tags and related articles (newsroom's
templates, Django's `{% cache %}` tag) and talk's anonymous comments panel from the shared
cache. Their keys hold what makes them stale, so nothing has to delete them:

- the path's page-cache generation (`core.page_cache`), read before the page is routed,
  which every purge of that page moves: publishing, editing or moving it or a sibling, a comment
  becoming visible or hidden (talk's `invalidate_article`);
- the version of the site's shape (`tree_cache.version`), which any change to a section,
  the home page, a policy page, a site, a locale or a view restriction moves (breadcrumbs,
  "More from", the policy link);
- the language, because the fragments hold translated words.

Nothing about the reader goes into a fragment: no CSRF token, no logged-in state, no
display preference. Those parts are rendered on every request. A preview (a draft) never
reads or writes a fragment.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from broadsheet.newsroom import tree_cache

_SEEN = "_broadsheet_fragment_seen"
_KEY = "_broadsheet_fragment_key"


def note_versions(request) -> None:
    """Before the page is routed (its row read): the path's generation and the tree's version.

    Read first, so that a change committed while the page renders moves them past what is
    stored (the page cache reads its generation before rendering for the same reason).
    """
    from broadsheet.core import page_cache  # lazy: imports wagtail.views; models.py imports us

    if settings.FRAGMENT_CACHE_SECONDS > 0:
        setattr(request, _SEEN, (page_cache.shared_generation(request.path), tree_cache.version()))


def noted_key(request) -> str | None:
    """The vary-on part of the keys as noted before routing, or None: the path has no
    generation yet (nothing can be cached under it), fragments are off, or a preview."""
    seen = getattr(request, _SEEN, None)
    if seen is None or seen[0] is None or seen[1] < 0 or getattr(request, "is_preview", False):
        return None
    return f"{seen[0]}.{seen[1]}.{get_language()}"


def key(request) -> str | None:
    """The vary-on part of this request's fragment keys, or None: render everything.

    None when fragments are off (`FRAGMENT_CACHE_SECONDS` = 0), for a page not routed by
    `routing.serve` (Wagtail's previews), and when the shared cache cannot tell the path's
    generation. Computed once a request.
    """
    from broadsheet.core import page_cache  # lazy: as above

    if hasattr(request, _KEY):
        return getattr(request, _KEY)
    found = None
    seen = getattr(request, _SEEN, None)
    if seen is not None and not getattr(request, "is_preview", False):
        generation, version = seen
        if generation is None:  # first render of this path, or its generation was evicted
            generation = page_cache.start_generation(request)
        if generation is not None and version >= 0:
            found = f"{generation}.{version}.{get_language()}"
    setattr(request, _KEY, found)
    return found


def context(request) -> dict:
    """What a page template's `{% cache %}` tags need: the key (or None) and the timeout."""
    return {"fragment_key": key(request), "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS}
