"""What every reader page's chrome needs from the site: its top-level sections and the apps'
stylesheets. The site assembly knows the apps; core's base template does not. (The languages
come from Django's i18n context processor, i.e. settings.LANGUAGES.)"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Site

from broadsheet.newsroom.models import SectionPage

# One stylesheet per app with reader-facing components, after core's site.css.
APP_STYLESHEETS = ("lexicon/css/lexicon.css", "talk/css/talk.css", "accounts/css/accounts.css")


def site_chrome(request):
    def top_sections():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(SectionPage.objects.child_of(site.root_page).live().public().order_by("path"))

    return {
        "top_sections": top_sections,
        "site_url": settings.SITE_URL,
        "app_stylesheets": APP_STYLESHEETS,
    }
