"""Structured data for article pages."""

from __future__ import annotations

from django import template

from broadsheet.core.templatetags.broadsheet_tags import json_ld
from broadsheet.newsroom.models import ArticlePage

register = template.Library()


def news_article_data(page: ArticlePage, request, authors, section) -> dict:
    """schema.org NewsArticle for an article page."""
    url = page.get_full_url(request=request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title[:110],
        "datePublished": page.published_at.isoformat(),
        "dateModified": (page.updated_at or page.published_at).isoformat(),
        "author": [{"@type": "Person", "name": a.name} for a in authors],
        "publisher": {"@type": "NewsMediaOrganization", "name": "Broadsheet"},
        "inLanguage": "en",
        "articleSection": section.title,
    }
    data["description"] = page.meta_description
    if page.lead_image:
        rendition = page.lead_image.get_rendition("width-1200")
        data["image"] = [request.build_absolute_uri(rendition.url)]
    return data


@register.simple_tag(takes_context=True)
def article_json_ld(context, page: ArticlePage) -> str:
    return json_ld(
        news_article_data(page, context["request"], context["article_authors"], context["section"])
    )
