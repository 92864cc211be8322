"""Tag pages: `/tags/<slug>/` lists the live public articles with a tag, newest first.

The list is read from the index on (tag, published_at, article) of the tag's rows
(`ArticleTag.published_at` is the article's date), so a page costs the same for a tag of ten
articles and of a hundred thousand: bounded pages as on section pages (`listing.py`), never
counted. The feed is the section feeds' `ArticleFeed` over the same list.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.models import Tag

from broadsheet.newsroom import models
from broadsheet.newsroom.feeds import ArticleFeed
from broadsheet.newsroom.listing import listing_page


def tagged_articles(tag: Tag):
    """Live public articles with `tag`, newest first, in the tag index's order."""
    return (
        models.live_articles()
        .filter(tagged_items__tag=tag)
        .order_by("-tagged_items__published_at", "-tagged_items__content_object_id")
    )


def cacheable(response):
    """Marks a reader page outside the tree as fit for the page cache (core.page_cache)."""
    response.page_cacheable = True
    return response


def tag_page(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles_page = listing_page(request, tagged_articles(tag), models.ARTICLES_PER_PAGE)
    articles_page.object_list = models.with_listing_extras(articles_page.object_list, request)
    context = {
        "tag": tag,
        "articles_page": articles_page,
        "canonical_url": request.build_absolute_uri(request.path),
    }
    return cacheable(TemplateResponse(request, "newsroom/tag_page.html", context))


class TagFeed(ArticleFeed):
    """The newest articles with one tag; its link is the tag page."""

    def link(self) -> str:
        return reverse("newsroom:tag", args=[self.root.slug])


def tag_feed(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    title = _("%(tag)s — Broadsheet") % {"tag": tag.name}
    return cacheable(TagFeed(root=tag, articles=tagged_articles(tag), title=title)(request))
