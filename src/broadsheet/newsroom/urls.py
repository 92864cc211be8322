"""The newsroom's named URLs outside the page tree."""

from django.urls import path

from broadsheet.newsroom import sitemaps, views

app_name = "newsroom"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
]
