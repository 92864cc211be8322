"""What every reader page's chrome needs: the site's top-level sections and the languages."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Site


def site_chrome(request):
    def top_sections():
        from broadsheet.newsroom.models import SectionPage

        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(SectionPage.objects.child_of(site.root_page).live().public().order_by("path"))

    return {
        "top_sections": top_sections,
        "site_url": settings.SITE_URL,
        "LANGUAGES": settings.LANGUAGES,
    }
