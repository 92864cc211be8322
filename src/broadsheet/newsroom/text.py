"""Plain text out of an article body, for feeds, search snippets and the dictionary."""

from __future__ import annotations

import html

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines


def body_plain_text(body) -> str:
    parts: list[str] = []
    for block in body:
        if block.block_type == "paragraph":
            parts.append(html.unescape(strip_tags(block.value.source)))
        elif block.block_type == "heading":
            parts.append(str(block.value))
        elif block.block_type == "quote":
            parts.append(f"“{block.value['text']}” — {block.value['attribution']}")
        elif block.block_type == "image" and block.value.get("caption"):
            parts.append(block.value["caption"])
    return normalize_newlines("\n\n".join(p.strip() for p in parts if p.strip()))
