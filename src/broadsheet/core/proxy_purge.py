"""Purging the caching proxies in front of the app servers when pages change.

The proxy (nginx with the cache-purge module, tools/stack/nginx.conf) keys a reader page by
its path and the variant the app's page cache also keys by: language, theme and text size.
Its purge is by exact key, so a path is purged once per variant: `PURGE /.purge<path>`
carrying the variant's cookies, from which the proxy computes the same key as for a reader's
GET. Paths with a query string are never cached by the proxy, so a path's variants are all
there are.

Every page's key also holds the site generation (core.page_cache.site_generation), which the
proxy asks the app for once and keeps (a cached subrequest, tools/stack/nginx.conf). When the
navigation changes, the app sets a new one and purges the proxy's copy of it,
`PURGE /.purge-site-generation`: every page's key changes at once, and the proxy fetches each
page again as readers ask for it (the module has no wildcard purge: Debian's is version 2.3).

`purge_paths` is a plain function that raises ProxyPurgeError when a proxy could not be
told. Page invalidation runs it through the background job core.tasks.purge_paths once the
transaction commits (settings.PAGE_PURGERS names it whenever PROXY_PURGE_URLS is set), so a
failure is retried by the worker and never fails the request that published.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Iterable
from itertools import product
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri

from broadsheet.core import reader_prefs
from broadsheet.core.tasks import EVERY_PAGE

log = logging.getLogger(__name__)

# `PURGE /.purge<path>` drops the proxy's copy of <path> (a location of its own, as the
# proxy's purge module crashes when purging in the caching location itself).
PURGE_PREFIX = "/.purge"
# `PURGE /.purge-site-generation` drops the proxy's copy of the site generation.
PURGE_SITE = "/.purge-site-generation"
# The proxy answers 200 when it dropped a copy and 404 when it held none.
PURGED = {200, 404}


class ProxyPurgeError(Exception):
    """A proxy did not confirm a purge (unreachable, refused, or an unexpected answer)."""


def variant_cookies() -> list[str]:
    """The Cookie header of each variant of a page the proxy may hold."""
    return [
        f"{settings.LANGUAGE_COOKIE_NAME}={language}; "
        f"{reader_prefs.THEME_COOKIE}={theme}; {reader_prefs.TEXT_SIZE_COOKIE}={size}"
        for (language, _name), theme, size in product(
            settings.LANGUAGES, reader_prefs.THEMES, reader_prefs.TEXT_SIZES
        )
    ]


def _connection(proxy: str) -> http.client.HTTPConnection:
    parts = urlsplit(proxy)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return kind(parts.hostname or "", parts.port, timeout=settings.PROXY_PURGE_TIMEOUT)


def _purge_at(proxy: str, targets: list[tuple[str, str]]) -> int:
    """Every (URL, Cookie header) at one proxy, over one kept-alive connection."""
    connection = _connection(proxy)
    host = urlsplit(proxy).netloc
    purged = 0
    try:
        for path, cookie in targets:
            connection.request("PURGE", path, headers={"Host": host, "Cookie": cookie})
            response = connection.getresponse()
            response.read()
            if response.status not in PURGED:
                raise ProxyPurgeError(f"{proxy} answered {response.status} to PURGE {path}")
            purged += response.status == 200
    except OSError as error:
        raise ProxyPurgeError(f"{proxy}: {error}") from error
    finally:
        connection.close()
    return purged


def purge_paths(paths: Iterable[str]) -> int:
    """Drop every cached variant of these paths at every proxy in settings.PROXY_PURGE_URLS;
    for EVERY_PAGE among them, the proxies' site generation (which drops every page).

    Returns how many cached copies were dropped. Every proxy is tried; ProxyPurgeError is
    raised afterwards if any of them failed.
    """
    paths = list(paths)
    if EVERY_PAGE in paths:  # no page's key stays: the paths need no purge of their own
        targets = [(PURGE_SITE, "")]
    else:
        unique = sorted({iri_to_uri(path) for path in paths if path.startswith("/")})
        targets = [(PURGE_PREFIX + p, c) for p, c in product(unique, variant_cookies())]
    if not targets or not settings.PROXY_PURGE_URLS:
        return 0
    purged, failures = 0, []
    for proxy in settings.PROXY_PURGE_URLS:
        try:
            purged += _purge_at(proxy, targets)
        except ProxyPurgeError as error:
            failures.append(str(error))
    if failures:
        raise ProxyPurgeError("; ".join(failures))
    return purged
