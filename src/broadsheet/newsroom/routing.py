"""Finding the page a reader asked for in one query, with the site's shape kept per process.

Wagtail's router walks the tree from the site's root, two queries per level, after a query
for the site and one for the locale: seven queries before an article is found. Here each
process keeps, per host and language, the site, its localised root and every section
(`TreeCopy`), rebuilt when `tree_cache`'s version changes. An article is then one query by
its `url_path`; a section, the home page and the navigation cost none. Anything else (a
routable page's sub-path such as `feed/`, a policy page, a 404) goes on through Wagtail's
own `route` from the deepest known page, as before.

The article's row itself is kept in the shared cache (`_article`) under the path's page-cache
generation, the tree version and the language (`fragments.noted_key`), so an article whose
fragments are warm renders with no query at all. Every change that can alter what the row
says moves one of them: publishing, unpublishing, editing or deleting the article purges its
path (core.page_cache), a move or a new slug purges its old path too (core.page_cache's
receivers),
and a change to a section, site, locale or view restriction moves the tree version.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, Site

from broadsheet.core import page_cache
from broadsheet.newsroom import fragments, tree_cache
from broadsheet.newsroom.models import ArticlePage, SectionPage

# Bounds the copies one process keeps: hosts x languages actually served.
MAX_COPIES = 64


@dataclass
class TreeCopy:
    """What routing and the page chrome need of one site in one language."""

    site: Site
    sections: dict[str, SectionPage] = field(default_factory=dict)  # by url_path
    localized_root: Page | None = None  # the home page in this language, found when routing

    @property
    def root(self) -> Page:
        """The site's root page as stored (generic: its path and url_path suffice here)."""
        return self.site.root_page

    def routing_root(self) -> Page | None:
        """The specific home page in the active language, or None if it is not the site's
        root (a translated home page): Wagtail's own router then walks that tree."""
        if self.localized_root is None:
            self.localized_root = self.site.root_page.localized.specific
        return self.localized_root if self.localized_root.pk == self.root.pk else None

    def top_sections(self) -> list[SectionPage]:
        restricted = [path for path, _restriction in tree_cache.restricted()]
        return sorted(
            (
                s
                for s in self.sections.values()
                if s.depth == self.root.depth + 1
                and s.live
                and not any(s.path.startswith(p) for p in restricted)
            ),
            key=lambda s: s.path,
        )

    def ancestors(self, page) -> list[Page] | None:
        """The root and the sections above `page` (fresh copies), or None if one is unknown."""
        if page.path == self.root.path:
            return []
        if not page.path.startswith(self.root.path):
            return None
        found: list[Page] = [self.root]
        for section in sorted(self.sections.values(), key=lambda s: s.depth):
            if section.depth < page.depth and page.path.startswith(section.path):
                found.append(section)
        if len(found) != page.depth - self.root.depth:
            return None
        return [copy.copy(p) for p in found]


class _Copies:
    lock = threading.Lock()
    version: int | None = None
    by_key: dict[tuple[str, int | str, str], TreeCopy] = {}


def tree_copy(request) -> TreeCopy | None:
    """This process's copy of the requested site's shape, rebuilt when the version moved."""
    host, _port = split_domain_port(request.get_host())
    key = (host, request.get_port(), get_language() or "")
    current = tree_cache.version()
    with _Copies.lock:
        if _Copies.version != current:
            _Copies.version, _Copies.by_key = current, {}
        known = _Copies.by_key.get(key)
    if known is None or current < 0:
        site = Site.find_for_request(request)
        if site is None:
            return None
        sections = SectionPage.objects.descendant_of(site.root_page).order_by("path")
        known = TreeCopy(site=site, sections={s.url_path: s for s in sections})
        with _Copies.lock:
            if _Copies.version == current and len(_Copies.by_key) < MAX_COPIES:
                _Copies.by_key[key] = known
    request._wagtail_site = known.site  # what Site.find_for_request answers from now on
    return known


def _known(tree: TreeCopy, page: Page) -> Page:
    """A request's own copy of a page of the tree copy, its ancestors known."""
    mine = copy.copy(page)
    mine.known_ancestors = tree.ancestors(mine)
    return mine


def route(request, path: str):
    """Wagtail's RouteResult for `path`, or None (a 404), as `Page.route_for_request`."""
    tree = tree_copy(request)
    if tree is None:
        return None
    parts = [part for part in path.split("/") if part]
    root = tree.routing_root()
    if root is None:
        return Page.route_for_request(request, path)
    urls = [tree.root.url_path + "".join(f"{p}/" for p in parts[:i]) for i in range(len(parts) + 1)]
    try:
        if urls[-1] in tree.sections:
            return _known(tree, tree.sections[urls[-1]]).route(request, [])
        # Articles live in sections (ArticlePage.parent_page_types).
        parent = tree.sections.get(urls[-2]) if len(parts) > 1 else None
        if parent is not None:
            found = _article(request, tree, urls[-1])
            if found is not None:
                found._cached_parent_obj = copy.copy(parent)
                found.known_ancestors = tree.ancestors(found)
                return found.route(request, [])
        deepest = max(i for i, url in enumerate(urls) if i == 0 or url in tree.sections)
        start = tree.sections[urls[deepest]] if deepest else root
        return _known(tree, start).route(request, parts[deepest:])
    except Http404:
        return None


def _article_key(tree: TreeCopy, url_path: str, vary: str) -> str:
    digest = hashlib.blake2b(url_path.encode(), digest_size=16).hexdigest()
    return f"newsroom:article-row:{tree.site.pk}:{digest}:{vary}"


def _article(request, tree: TreeCopy, url_path: str) -> ArticlePage | None:
    """The article at `url_path` (with its lead image), from the shared cache when the path's
    generation is known, else from the database (and then kept under the generation). A
    stopped Redis is a miss (core/tolerant_cache.py)."""
    noted = fragments.noted_key(request)
    if noted is not None:
        kept = cache.get(_article_key(tree, url_path, noted))
        if isinstance(kept, ArticlePage):
            return kept
    found = ArticlePage.objects.select_related("lead_image").filter(url_path=url_path).first()
    if found is not None:
        vary = fragments.key(request)  # the page exists: may start the path's generation
        if vary is not None:
            key = _article_key(tree, url_path, vary)
            cache.set(key, found, settings.FRAGMENT_CACHE_SECONDS)
    return found


def serve(request, path: str = ""):
    """The page view: routed here, then served through the page cache's `serve` as before."""
    fragments.note_versions(request)
    request._wagtail_route_for_request = route(request, path)
    return page_cache.serve(request, path)


def top_sections(request) -> list[SectionPage]:
    """The live, public top-level sections of the requested site, in tree order."""
    tree = tree_copy(request)
    return [copy.copy(s) for s in tree.top_sections()] if tree else []


def ancestors(request, page) -> list[Page] | None:
    """The pages above `page` below the tree's root, from this process's copy when it can."""
    tree = tree_copy(request)
    return tree.ancestors(page) if tree else None
