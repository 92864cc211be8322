"""The newsroom's named URLs outside the page tree."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from broadsheet.newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
]
