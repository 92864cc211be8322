"""Atom feeds for the whole paper, each section and each tag (tag_pages.py).

The feed gets its page and articles from the page that serves it (HomePage.feed,
SectionPage.feed in models.py, tag_pages.tag_feed), so this module imports no model.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 30


class ArticleFeed(Feed):
    """The newest FEED_LENGTH of `articles` (a queryset of ArticlePage) below `root`."""

    feed_type = Atom1Feed

    def __init__(self, root, articles, title: str) -> None:
        super().__init__()
        self.root = root
        self.articles = articles
        self.feed_title = title

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return self.feed_title

    def subtitle(self) -> str:
        return _("The latest articles from Broadsheet")

    def link(self) -> str:
        return self.root.get_url(request=self.request)

    def feed_url(self) -> str:
        return self.request.build_absolute_uri()

    def items(self):
        # Every item's categories are its tags: fetched for all items in one query.
        return self.articles.prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary or item.subheadline or item.plain_text()[:400]

    def item_link(self, item) -> str:
        return item.get_full_url(request=self.request)

    def item_guid(self, item) -> str:
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_author_name(self, item) -> str:
        return ", ".join(author.name for author in item.authors.all()) or "Broadsheet"

    def item_categories(self, item) -> list[str]:
        return [tag.name for tag in item.tags.all()]
