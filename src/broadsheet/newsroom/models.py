"""The newsroom's pages: the home page, the section tree and articles, plus author snippets.

The Wagtail page tree *is* the section tree: Home > National > Politics > an article.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from broadsheet.newsroom import fragments, tree_cache
from broadsheet.newsroom.feeds import ArticleFeed
from broadsheet.newsroom.listing import listing_page

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES = 4  # an article page's "More from" cards


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=300, required=False)
    credit = blocks.CharBlock(label=_("credit"), max_length=120, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("sub-heading"), max_length=200, template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"),
        features=["bold", "italic", "link"],
        template="blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    image = ImageBlock()


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # A copy of the article's published_at, so that a tag page reads its newest articles in
    # order from one index (tag, date), whatever the size of the tag (newsroom/tag_pages.py).
    published_at = models.DateTimeField(editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "published_at", "content_object"], name="newsroom_tag_date_idx"
            )
        ]

    def save(self, *args, **kwargs) -> None:
        # The article's tags are saved through it (modelcluster), so it is known here.
        self.published_at = self.content_object.published_at
        super().save(*args, **kwargs)


def live_articles():
    """Published articles with what every listing shows, fetched in a fixed number of queries."""
    return (
        ArticlePage.objects.live()
        .filter(tree_cache.public_q())
        .select_related("lead_image")
        .prefetch_related("authors")
        .order_by("-published_at", "-pk")
    )


def with_listing_extras(articles, request=None):
    """Let other apps add short notes (such as comment counts) to articles in a listing.

    Apps register a `broadsheet_listing_extras` hook: fn(articles, request) -> {pk: text}.
    """
    articles = list(articles)
    for article in articles:
        article.listing_extras = []
    for fn in hooks.get_hooks("broadsheet_listing_extras"):
        extras = fn(articles, request)
        for article in articles:
            if article.pk in extras:
                article.listing_extras.append(extras[article.pk])
    return articles


def article_additions(hook_name: str, request, article) -> list:
    """Rendered pieces other apps add to an article page (tools, panels under the body)."""
    return [piece for fn in hooks.get_hooks(hook_name) if (piece := fn(request, article))]


def filtered_listing(request, articles):
    """Let other apps narrow a section's list by the request (?level=B1) and add controls.

    Apps register a `broadsheet_listing_filter` hook: fn(request, articles) -> (articles,
    html); the queryset they return must cost no query of its own (a subquery at most).
    """
    controls = []
    for fn in hooks.get_hooks("broadsheet_listing_filter"):
        articles, control = fn(request, articles)
        if control:
            controls.append(control)
    return articles, controls


class RoutedPage(Page):
    """A page the newsroom's router may serve with what it already knows of the tree.

    `routing.route` sets `known_ancestors` (the home page and sections above, from its
    per-process copy); view restrictions then come from `tree_cache` without a query.
    """

    known_ancestors: list[Page] | None = None

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        ancestors = self.known_ancestors
        if self.alias_of_id or ancestors is None or any(a.alias_of_id for a in ancestors):
            return super().get_view_restrictions()
        return tree_cache.restrictions_over(self.path)


class HomePage(RoutablePageMixin, RoutedPage):
    strapline = models.CharField(_("strapline"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("strapline")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def meta_description(self) -> str:
        return self.search_description or self.strapline

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = list(
            SectionPage.objects.child_of(self).live().filter(tree_cache.public_q()).order_by("path")
        )
        articles = with_listing_extras(live_articles()[:60], request)
        leads = []
        for section in sections:
            in_section = [a for a in articles if a.path.startswith(section.path)][:4]
            if in_section:
                leads.append((section, in_section))
        context.update(top_story=articles[0] if articles else None, section_leads=leads)
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        articles = live_articles().descendant_of(self)
        return ArticleFeed(root=self, articles=articles, title="Broadsheet")(request)


class SectionPage(RoutablePageMixin, RoutedPage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types = ["newsroom.SectionPage", "newsroom.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro or self.title

    def articles(self):
        return live_articles().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subsections"] = (
            SectionPage.objects.child_of(self).live().filter(tree_cache.public_q())
        )
        articles, context["listing_filters"] = filtered_listing(request, self.articles())
        articles_page = listing_page(request, articles, ARTICLES_PER_PAGE)
        articles_page.object_list = with_listing_extras(articles_page.object_list, request)
        context["articles_page"] = articles_page
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        title = f"{self.title} — Broadsheet"
        return ArticleFeed(root=self, articles=self.articles(), title=title)(request)


class ArticlePage(RoutedPage):
    subheadline = models.CharField(_("subheadline"), max_length=300, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists and previews.")
    )
    authors = ParentalManyToManyField("newsroom.Author", blank=True, related_name="articles")
    dateline = models.CharField(_("dateline"), max_length=80, blank=True)
    published_at = models.DateTimeField(
        _("published"),
        default=timezone.now,
        db_index=True,
        help_text=_("The date readers see; scheduling is set under Publish."),
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_alt = models.CharField(_("lead image alternative text"), max_length=250, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    # Where an imported article came from (ninjs uri or file name), so re-imports update it.
    source_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("subheadline"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("dateline"),
                FieldPanel("published_at"),
                FieldPanel("updated_at"),
            ],
            heading=_("Byline and dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("subheadline"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []
    # Publishing or moving an article changes no section, site or restriction (tree_cache).
    changes_site_tree = False

    class Meta:
        verbose_name = _("article")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or "published_at" in fields:
            # Keep the tags' copy of the date (ArticleTag.published_at) when only the date moved.
            ArticleTag.objects.filter(content_object_id=self.pk).exclude(
                published_at=self.published_at
            ).update(published_at=self.published_at)
        return result

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary or self.subheadline or self.title

    def earlier_in_section(self):
        """The RELATED_ARTICLES live articles of its section published just before it ("More
        from"), newest first. Not the section's newest: then every article page of a section
        would change with each article published in it; this way an article shows on the
        pages of the few published just after it (`later_in_section`) and no others."""
        siblings = live_articles().prefetch_related(None).sibling_of(self, inclusive=False)
        if self.published_at is not None:
            siblings = siblings.filter(
                Q(published_at__lt=self.published_at)
                | Q(published_at=self.published_at, pk__lt=self.pk)
            )
        return siblings[:RELATED_ARTICLES]

    def later_in_section(self):
        """The live articles whose "More from" shows this one: those published just after it."""
        if self.published_at is None:
            return ArticlePage.objects.none()
        return (
            ArticlePage.objects.live()
            .sibling_of(self, inclusive=False)
            .filter(
                Q(published_at__gt=self.published_at)
                | Q(published_at=self.published_at, pk__gt=self.pk)
            )
            .order_by("published_at", "pk")[:RELATED_ARTICLES]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(fragments.context(request))

        @cache
        def byline_and_related() -> tuple[list, list]:
            related = list(self.earlier_in_section())
            # The byline's authors and the related cards' in one query.
            prefetch_related_objects([self, *related], "authors")
            return list(self.authors.all()), with_listing_extras(related, request)

        # Read only if a fragment that shows them is rendered, not when it comes from the cache.
        context["article_authors"] = SimpleLazyObject(lambda: byline_and_related()[0])
        context["article_tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        context["section"] = self.get_parent()
        context["related_articles"] = SimpleLazyObject(lambda: byline_and_related()[1])
        context["article_tools"] = article_additions("broadsheet_article_tools", request, self)
        context["article_intro"] = article_additions("broadsheet_article_intro", request, self)
        context["article_panels"] = article_additions("broadsheet_article_panels", request, self)
        return context

    def plain_text(self) -> str:
        """The body as plain text, block by block, for feeds and the dictionary.

        The same text Wagtail's search index gets (StreamBlock.get_searchable_content):
        paragraphs without markup, sub-headings, quotes and their attribution, an image's
        alternative text, caption and credit.
        """
        parts = self.body.stream_block.get_searchable_content(self.body)
        return normalize_newlines("\n\n".join(p.strip() for p in parts if p.strip()))
