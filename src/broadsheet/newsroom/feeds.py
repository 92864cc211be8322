"""Atom feeds for the whole paper and for each section."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from broadsheet.newsroom.models import ArticlePage, HomePage, live_articles

FEED_LENGTH = 30


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, root) -> None:
        super().__init__()
        self.root = root

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        if isinstance(self.root.specific, HomePage):
            return "Broadsheet"
        return f"{self.root.title} — Broadsheet"

    def subtitle(self) -> str:
        return _("The latest articles from Broadsheet")

    def link(self) -> str:
        return self.root.get_url(request=self.request)

    def feed_url(self) -> str:
        return self.request.build_absolute_uri()

    def items(self):
        return live_articles().descendant_of(self.root)[:FEED_LENGTH]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary or item.subheadline or item.plain_text()[:400]

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url(request=self.request)

    def item_guid(self, item: ArticlePage) -> str:
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item: ArticlePage):
        return item.published_at

    def item_updateddate(self, item: ArticlePage):
        return item.updated_at or item.published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return ", ".join(author.name for author in item.authors.all()) or "Broadsheet"

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tag.name for tag in item.tags.all()]
