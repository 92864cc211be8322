"""What every reader page's chrome needs from the site: its top-level sections and the apps'
stylesheets. The site assembly knows the apps; core's base template does not. (The languages
come from Django's i18n context processor, i.e. settings.LANGUAGES.)"""

from __future__ import annotations

from django.conf import settings

from broadsheet.newsroom import routing

# One stylesheet per app with reader-facing components, after core's site.css.
APP_STYLESHEETS = ("lexicon/css/lexicon.css", "talk/css/talk.css", "accounts/css/accounts.css")


def site_chrome(request):
    def top_sections():
        return routing.top_sections(request)  # this process's copy of the tree: no query

    return {
        "top_sections": top_sections,
        "site_url": settings.SITE_URL,
        "app_stylesheets": APP_STYLESHEETS,
    }
