"""What every reader page's chrome needs from the site: its top-level sections, the apps'
stylesheets and the key its reader-independent parts are cached under. The site assembly
knows the apps; core's base template does not. (The languages come from Django's i18n
context processor, i.e. settings.LANGUAGES.)"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

from broadsheet.newsroom import fragments, routing

# One stylesheet per app with reader-facing components, after core's site.css.
APP_STYLESHEETS = ("lexicon/css/lexicon.css", "talk/css/talk.css", "accounts/css/accounts.css")


def chrome_key(request) -> str | None:
    """The page's fragment key (path generation, tree version, language) for the chrome's
    cached parts (core's `components/chrome_part.html`), or None: render them.

    Only for a plain GET of a routed page without a query string: the chrome repeats the
    path (the language and display forms' `next`), so a query string, which anyone can vary
    without end, would fill the cache. The template adds the page, the path and the display
    cookies; the login link and the messages stay outside the cached parts. The static
    files' manifest hash (when the storage has one) makes a deploy with new static files
    use new parts at once: the head's links name the fingerprinted files.
    """
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    key = fragments.key(request)
    if key is None:
        return None
    return f"{key}.{getattr(staticfiles_storage, 'manifest_hash', '')}"


def site_chrome(request):
    def top_sections():
        return routing.top_sections(request)  # this process's copy of the tree: no query

    return {
        "top_sections": top_sections,
        "site_url": settings.SITE_URL,
        "app_stylesheets": APP_STYLESHEETS,
        "chrome_key": lambda: chrome_key(request),  # computed only by a page that has one
        "chrome_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
