"""Template helpers every app may load: JSON-LD blocks and machine-readable times."""

from __future__ import annotations

import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> str:
    """A JSON-LD data block; characters that could end the script element are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.filter
def isotime(value) -> str:
    """A date-time as ISO 8601 in Korean time, to the second (what <time datetime> accepts)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def crumbs_for(page) -> list:
    """The pages above `page` below the tree's root, for breadcrumbs.

    A router that already knows them sets `page.known_ancestors`; otherwise one query.
    """
    known = getattr(page, "known_ancestors", None)
    return list(known) if known is not None else list(page.get_ancestors()[1:])
