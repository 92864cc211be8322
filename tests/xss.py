"""The shared cross-site-scripting corpus and a structural check of rendered pages.

The 1,000 payloads live in ../shared/xss/payloads.txt beside the checkout (read from there,
never copied). `injected_markup(html)` lists everything in a page that could run script or
load something from elsewhere; a page rendered with any payload must have none of it.
"""

from __future__ import annotations

import json
import re
from functools import cache

from lxml import html as lxml_html

from tests.shared_data import shared_path

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "srcset",
    "poster",
    "background",
}
FORBIDDEN_TAGS = {
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
    "isindex",
    "plaintext",
    "xmp",
    "marquee",
}
SCHEME = re.compile(r"^[\s\x00-\x1f]*([a-z][a-z0-9+.\-]*)\s*:", re.IGNORECASE)


@cache
def payloads() -> list[str]:
    text = shared_path("xss", "payloads.txt").read_text(encoding="utf-8", errors="replace")
    return [line for line in text.split("\n") if line.strip()]


def injected_markup(page_html: str | bytes) -> list[str]:
    """Script, handlers, foreign loads or dangerous elements found in a rendered page."""
    tree = lxml_html.fromstring(page_html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "script":
            src = element.get("src")
            if src is not None and not src.startswith("/static/"):
                found.append(f"script src={src!r}")
            elif src is None:
                if element.get("type") != "application/ld+json":
                    found.append("inline script")
                else:
                    try:
                        json.loads(element.text or "")
                    except ValueError:
                        found.append("JSON-LD block that is not JSON")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in element.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            elif lname == "style":
                found.append(f"<{tag} style=...>")
            elif lname in URL_ATTRIBUTES:
                match = SCHEME.match(value)
                if match and match.group(1).lower() not in {"http", "https", "mailto"}:
                    found.append(f"<{tag} {name}={value[:40]!r}>")
                loads = tag in {"img", "script", "source", "video", "audio"} or (
                    tag == "link"
                    and (element.get("rel") or "").lower()
                    in {"stylesheet", "preload", "modulepreload", "icon", "prefetch"}
                )
                if loads and (match or value.startswith("//")):
                    found.append(f"<{tag}> loading from elsewhere: {value[:40]!r}")
    return found
