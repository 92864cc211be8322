"""Article files read into checked ArticleDocuments: IPTC ninjs 1.x/2.x JSON and Markdown with
YAML front matter. Nothing here touches the database; services.publish_article stores them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import frontmatter
import markdown
import yaml
from django.utils import timezone

from broadsheet.newsroom.body_html import html_to_blocks, paragraph

KST = ZoneInfo("Asia/Seoul")


class ImportProblem(ValueError):
    """A document that cannot be imported; the message names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


@dataclass
class ArticleDocument:
    """One article read from a file, checked, not yet stored."""

    source_id: str
    headline: str
    body: list[tuple[str, Any]]
    published_at: dt.datetime
    updated_at: dt.datetime | None = None
    subheadline: str = ""
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    slug: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_datetime(value: Any, source: str, name: str) -> dt.datetime:
    """An ISO 8601 date-time; one without a zone is taken as Korean time."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time(9, 0))
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ImportProblem(source, f"{name} {value!r} is not an ISO 8601 date-time") from None
    else:
        raise ImportProblem(source, f"{name} is missing or not a date-time")
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=KST)
    return parsed


def text_to_blocks(text: str) -> list[tuple[str, Any]]:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [
        ("paragraph", paragraph(html.escape(p.strip(), quote=False).replace("\n", "<br/>")))
        for p in paragraphs
        if p.strip()
    ]


def split_byline(byline: str) -> list[str]:
    byline = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.IGNORECASE)
    names = re.split(r"\s*(?:,|\band\b|&)\s*", byline)
    return [name.strip() for name in names if name.strip()]


def _ninjs_text(item: dict, old_key: str, plural_key: str, role: str | None = None) -> str:
    """A ninjs field from either the 1.x key (`headline`) or the 2.x list (`headlines`)."""
    value = item.get(old_key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    entries = item.get(plural_key)
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict) and (role is None or entry.get("role", role) == role):
                text = entry.get("value")
                if isinstance(text, str) and text.strip():
                    return text.strip()
    return ""


def parse_ninjs(data: Any, source: str) -> ArticleDocument:
    """An IPTC ninjs 1.x/2.x news item as an article document."""
    if not isinstance(data, dict):
        raise ImportProblem(source, "a ninjs document must be a JSON object")
    if data.get("type", "text") != "text":
        raise ImportProblem(source, f"type {data.get('type')!r} is not a text item")
    headline = _ninjs_text(data, "headline", "headlines", "main")
    if not headline:
        raise ImportProblem(source, "headline is missing")
    notes: list[str] = []
    body_html = data.get("body_html")
    body_text = data.get("body_text")
    for entry in data.get("bodies") or []:
        if isinstance(entry, dict) and isinstance(entry.get("value"), str):
            if entry.get("contenttype", "text/html") == "text/html" and not body_html:
                body_html = entry["value"]
            elif entry.get("contenttype") == "text/plain" and not body_text:
                body_text = entry["value"]
    if isinstance(body_html, str) and body_html.strip():
        body, notes = html_to_blocks(body_html)
    elif isinstance(body_text, str) and body_text.strip():
        body = text_to_blocks(body_text)
    else:
        raise ImportProblem(source, "body_html or body_text is missing")
    if not body:
        raise ImportProblem(source, "the body has no text")
    created = data.get("firstcreated") or data.get("versioncreated")
    published = parse_datetime(created, source, "firstcreated")
    updated = None
    if data.get("versioncreated"):
        updated = parse_datetime(data["versioncreated"], source, "versioncreated")
        if updated <= published:
            updated = None
    byline = data.get("byline") or data.get("by") or ""
    if not isinstance(byline, str):
        raise ImportProblem(source, "byline must be a string")
    subjects = data.get("subjects") or data.get("subject") or []
    if not isinstance(subjects, list):
        raise ImportProblem(source, "subjects must be a list")
    tags = [
        s["name"].strip()
        for s in subjects
        if isinstance(s, dict) and isinstance(s.get("name"), str) and s["name"].strip()
    ]
    located = data.get("located")
    return ArticleDocument(
        source_id=str(data.get("uri") or source),
        headline=headline,
        subheadline=_ninjs_text(data, "subheadline", "headlines", "sub"),
        summary=_ninjs_text(data, "description_text", "descriptions", "summary"),
        body=body,
        published_at=published,
        updated_at=updated,
        authors=split_byline(byline),
        dateline=located.strip().upper() if isinstance(located, str) else "",
        tags=tags,
        slug=data.get("slug") if isinstance(data.get("slug"), str) else None,
        notes=notes,
    )


def parse_markdown(text: str, source: str) -> ArticleDocument:
    """A Markdown file with YAML front matter (title, published, section, authors...)."""
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError) as error:
        raise ImportProblem(source, f"the front matter is not valid YAML ({error})") from None
    meta = post.metadata
    headline = str(meta.get("title") or meta.get("headline") or "").strip()
    if not headline:
        raise ImportProblem(source, "title is missing from the front matter")
    if not post.content.strip():
        raise ImportProblem(source, "the article has no body")
    body, notes = html_to_blocks(markdown.markdown(post.content))
    if not body:
        raise ImportProblem(source, "the body has no text")
    published = parse_datetime(meta.get("published") or meta.get("date"), source, "published")
    updated = parse_datetime(meta["updated"], source, "updated") if meta.get("updated") else None
    authors = meta.get("authors") or meta.get("byline") or []
    if isinstance(authors, str):
        authors = split_byline(authors)
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not isinstance(authors, list):
        raise ImportProblem(source, "authors and tags must be lists")
    return ArticleDocument(
        source_id=str(meta.get("id") or Path(source).name),
        headline=headline,
        subheadline=str(meta.get("subheadline") or ""),
        summary=str(meta.get("summary") or ""),
        body=body,
        published_at=published,
        updated_at=updated,
        authors=[str(a) for a in authors],
        dateline=str(meta.get("dateline") or "").upper(),
        tags=[str(t) for t in tags],
        section=str(meta["section"]) if meta.get("section") else None,
        slug=str(meta["slug"]) if meta.get("slug") else None,
        notes=notes,
    )


def read_document(path: Path) -> ArticleDocument:
    """Read one file (ninjs `.json` or Markdown `.md`) as an article document."""
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportProblem(source, "no such file") from None
    except UnicodeDecodeError:
        raise ImportProblem(source, "the file is not UTF-8 text") from None
    except OSError as error:
        raise ImportProblem(source, f"cannot be read ({error.strerror})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ImportProblem(
                source, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        return parse_ninjs(data, source)
    if path.suffix.lower() in {".md", ".markdown"}:
        return parse_markdown(raw, source)
    raise ImportProblem(source, "only .json (ninjs) and .md (Markdown) files can be imported")
