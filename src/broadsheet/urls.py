"""The URL map: reader pages come from Wagtail's page tree, everything else is named here."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from broadsheet.api import api
from broadsheet.api import not_found as api_not_found
from broadsheet.core import page_cache, reader_prefs
from broadsheet.newsroom import media, routing
from broadsheet.newsroom import urls as newsroom_urls
from broadsheet.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    # The caching proxy's subrequest: the site generation its page keys hold (core.page_cache).
    path(page_cache.SITE_GENERATION_PATH[1:], page_cache.site_generation, name="site_generation"),
    path("robots.txt", web_views.robots_txt, name="robots_txt"),
    path("language/<str:code>/", web_views.switch_language, name="language"),
    path("display/", reader_prefs.choose, name="display"),
    path("admin/two-factor/", include("broadsheet.staffauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),  # JSON, not the site's HTML 404
    path("", include("broadsheet.lexicon.urls")),
    path("", include("broadsheet.talk.urls")),
    path("", include("broadsheet.accounts.urls")),
    path("", include(newsroom_urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        # Only the images a visitor may see (newsroom.media: live, public articles' for readers).
        re_path(r"^media/(?P<path>.*)$", media.serve, name="media"),
    ]

# Reader pages: Wagtail's page tree (found by the newsroom's router) behind the page cache.
urlpatterns += [
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "broadsheet.web.views.page_not_found"
handler500 = "broadsheet.web.views.server_error"
