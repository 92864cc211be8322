"""The newsroom's named URLs outside the page tree."""

from django.urls import path, re_path

from broadsheet.newsroom import archive, sitemaps, tag_pages, views

app_name = "newsroom"
YEAR, MONTH, DAY = r"(?P<year>[0-9]{4})/", r"(?P<month>[0-9]{2})/", r"(?P<day>[0-9]{2})/"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    # Tag slugs are Unicode slugs (taggit's slugify with allow_unicode).
    re_path(r"^tags/(?P<slug>[-\w]+)/$", tag_pages.tag_page, name="tag"),
    re_path(r"^tags/(?P<slug>[-\w]+)/feed/$", tag_pages.tag_feed, name="tag_feed"),
    path("archive/", archive.archive_index, name="archive"),
    re_path(rf"^archive/{YEAR}$", archive.archive_period, name="archive_year"),
    re_path(rf"^archive/{YEAR}{MONTH}$", archive.archive_period, name="archive_month"),
    re_path(rf"^archive/{YEAR}{MONTH}{DAY}$", archive.archive_period, name="archive_day"),
]
