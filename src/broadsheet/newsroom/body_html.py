"""Article body HTML (ninjs `body_html`, rendered Markdown) as the StreamField's blocks.

nh3 sanitises first (only the tags below survive; scripts, styles and embeds go with their
content; links keep an http(s) `href` and nothing else), then the clean tree is mapped to
blocks: paragraph (bold, italic, links), sub-heading and quote with attribution.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from lxml import html as lxml_html

ATTRIBUTION_DASHES = ("—", "–", "--", "―")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
INLINE_TAGS = {"b", "strong", "i", "em", "a", "br"}
# Kept by the sanitiser so that the mapping below can note them (images) or read them.
STRUCTURE_TAGS = HEADINGS | {
    "p",
    "div",
    "section",
    "blockquote",
    "cite",
    "footer",
    "ul",
    "ol",
    "li",
    "figure",
    "img",
    "picture",
}
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
_BOLD_ITALIC = {"b": "b", "strong": "b", "i": "i", "em": "i"}
_REMOVED_TAG = re.compile(rf"<({'|'.join(sorted(REMOVED_WITH_CONTENT))})\b", re.IGNORECASE)


def sanitised(source_html: str) -> str:
    """The body with nothing but the tags and http(s) links the blocks can hold."""
    return nh3.clean(
        source_html,
        tags=STRUCTURE_TAGS | INLINE_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel=None,
    )


def _removed_elements(source_html: str) -> list[str]:
    """Notes for the editor on what the sanitiser removes outright."""
    found = {match.lower() for match in _REMOVED_TAG.findall(source_html)}
    return [f"a <{tag}> element was removed" for tag in sorted(found)]


def _inline_html(element) -> str:
    """The inside of a (sanitised) element as the rich text Wagtail stores."""
    out = [html.escape(element.text or "", quote=False)]
    for child in element:
        tag = str(child.tag).lower()
        inner = _inline_html(child)
        if tag == "a" and child.get("href"):
            out.append(f'<a href="{html.escape(child.get("href"))}">{inner}</a>')
        elif tag in _BOLD_ITALIC:
            out.append(f"<{_BOLD_ITALIC[tag]}>{inner}</{_BOLD_ITALIC[tag]}>")
        elif tag == "br":
            out.append("<br/>")
        else:
            out.append(inner)
        out.append(html.escape(child.tail or "", quote=False))
    return "".join(out).strip()


def _quote_block(element) -> tuple[str, dict[str, str]] | None:
    cite = element.find(".//cite")
    if cite is None:
        cite = element.find(".//footer")
    attribution = ""
    if cite is not None:
        attribution = cite.text_content().strip()
        cite.drop_tree()
    lines = [line.strip() for line in element.text_content().strip().splitlines() if line.strip()]
    if not attribution and lines and lines[-1].startswith(ATTRIBUTION_DASHES):
        attribution = lines.pop()
    attribution = attribution.lstrip("".join(ATTRIBUTION_DASHES) + " -").strip()
    text = " ".join(lines).strip().strip('"“”')
    if not text:
        return None
    return ("quote", {"text": text, "attribution": attribution or "Unattributed"})


def paragraph(inner_html: str) -> str:
    return f"<p>{inner_html}</p>"


def html_to_blocks(source_html: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """Article body HTML as StreamField blocks, and notes on anything that was dropped."""
    if not source_html.strip():
        return [], []
    notes = _removed_elements(source_html)
    clean = sanitised(source_html)
    if not clean.strip():
        return [], notes
    root = lxml_html.fragment_fromstring(clean, create_parent="div")
    blocks: list[tuple[str, Any]] = []
    if root.text and root.text.strip():
        blocks.append(("paragraph", paragraph(html.escape(root.text.strip(), quote=False))))
    for element in root:
        tag = str(element.tag).lower()
        if tag in HEADINGS:
            text = element.text_content().strip()
            if text:
                blocks.append(("heading", text))
        elif tag == "blockquote":
            block = _quote_block(element)
            if block:
                blocks.append(block)
        elif tag in {"ul", "ol"}:
            for item in element.iter("li"):
                inner = _inline_html(item)
                if inner:
                    blocks.append(("paragraph", paragraph(inner)))
        elif tag in {"figure", "img", "picture"}:
            notes.append("an image in the body was skipped (images are added in the CMS)")
        else:
            inner = _inline_html(element)
            if inner:
                blocks.append(("paragraph", paragraph(inner)))
        if element.tail and element.tail.strip():
            blocks.append(("paragraph", paragraph(html.escape(element.tail.strip(), quote=False))))
    return blocks, notes
