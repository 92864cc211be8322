"""The newsroom's work: turning ninjs and Markdown documents into published article pages,
building the section tree, and loading the demo newsroom.

Every function here is an explicit call a test can make; views and commands stay thin.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import frontmatter
import markdown
import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from lxml import html as lxml_html
from wagtail.models import Page, Site

from broadsheet.newsroom.models import ArticlePage, Author, HomePage, SectionPage

KST = ZoneInfo("Asia/Seoul")
DEMO_DIR = Path(__file__).resolve().parent / "demo"
ATTRIBUTION_DASHES = ("—", "–", "--", "―")

# The demo paper's section tree: (slug, title, intro, children).
DEMO_SECTIONS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("national", "National", "News from across the country.", [
        ("politics", "Politics", "The National Assembly, the presidential office and the parties."),
        ("social-affairs", "Social Affairs", "Schools, health, housing, labour and daily life."),
    ]),
    ("business", "Business", "Markets, companies and the economy.", []),
    ("culture", "Culture", "Books, film, music, food and heritage.", []),
    ("sports", "Sports", "Baseball, football and the athletes of Korea.", []),
    ("opinion", "Opinion", "Editorials and columns from the paper's writers.", []),
]


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


@dataclass
class ImportResult:
    article: ArticlePage
    created: bool
    notes: list[str]


# --- Parsing ----------------------------------------------------------------------------


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


_ALLOWED_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a"}


def _inline_html(element) -> str:
    """The inside of an element as the rich text Wagtail stores: bold, italic, safe links."""
    out = [html.escape(element.text or "", quote=False)]
    for child in element:
        tag = _ALLOWED_INLINE.get(str(child.tag).lower())
        inner = _inline_html(child)
        if tag == "a":
            href = (child.get("href") or "").strip()
            if re.match(r"^https?://", href, re.IGNORECASE):
                out.append(f'<a href="{html.escape(href)}">{inner}</a>')
            else:
                out.append(inner)
        elif tag:
            out.append(f"<{tag}>{inner}</{tag}>")
        elif str(child.tag).lower() == "br":
            out.append("<br/>")
        else:
            out.append(inner)
        out.append(html.escape(child.tail or "", quote=False))
    return "".join(out).strip()


def _quote_block(element) -> tuple[str, dict[str, str]] | None:
    cite = element.find(".//cite") if element.find(".//cite") is not None else element.find(
        ".//footer")
    attribution = ""
    if cite is not None:
        attribution = cite.text_content().strip()
        cite.drop_tree()
    lines = [line.strip() for line in element.text_content().strip().splitlines() if line.strip()]
    if not attribution and lines and lines[-1].startswith(ATTRIBUTION_DASHES):
        attribution = lines.pop()
    attribution = attribution.lstrip("".join(ATTRIBUTION_DASHES) + " -").strip()
    text = " ".join(lines).strip().strip("\"“”")
    if not text:
        return None
    return ("quote", {"text": text, "attribution": attribution or "Unattributed"})


def _p(inner_html: str) -> str:
    return f"<p>{inner_html}</p>"


def html_to_blocks(source_html: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """Article body HTML as StreamField blocks, and notes on anything that was dropped."""
    notes: list[str] = []
    if not source_html.strip():
        return [], notes
    root = lxml_html.fragment_fromstring(source_html, create_parent="div")
    blocks: list[tuple[str, Any]] = []
    if root.text and root.text.strip():
        blocks.append(("paragraph", _p(html.escape(root.text.strip(), quote=False))))
    for element in root:
        tag = str(element.tag).lower()
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = element.text_content().strip()
            if text:
                blocks.append(("heading", text))
        elif tag == "blockquote":
            block = _quote_block(element)
            if block:
                blocks.append(block)
        elif tag in {"p", "div", "section"}:
            inner = _inline_html(element)
            if inner:
                blocks.append(("paragraph", _p(inner)))
        elif tag in {"ul", "ol"}:
            for item in element.iter("li"):
                inner = _inline_html(item)
                if inner:
                    blocks.append(("paragraph", _p(inner)))
        elif tag in {"figure", "img", "picture"}:
            notes.append("an image in the body was skipped (images are added in the CMS)")
        elif tag in {"script", "style", "iframe", "object", "embed"}:
            notes.append(f"a <{tag}> element was removed")
        else:
            text = element.text_content().strip()
            if text:
                blocks.append(("paragraph", _p(html.escape(text, quote=False))))
        if element.tail and element.tail.strip():
            blocks.append(("paragraph", _p(html.escape(element.tail.strip(), quote=False))))
    return blocks, notes


def text_to_blocks(text: str) -> list[tuple[str, Any]]:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [("paragraph", _p(html.escape(p.strip(), quote=False).replace("\n", "<br/>")))
            for p in paragraphs if p.strip()]


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
    tags = [s["name"].strip() for s in subjects
            if isinstance(s, dict) and isinstance(s.get("name"), str) and s["name"].strip()]
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
    updated = (parse_datetime(meta["updated"], source, "updated")
               if meta.get("updated") else None)
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


# --- Storing ----------------------------------------------------------------------------


def home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        raise LookupError("There is no home page yet; run ./run manage load_demo or create one.")
    return home


def find_section(section_path: str) -> SectionPage:
    """The section at a slug path such as `national/politics`."""
    page: Page = home_page()
    for slug in [s for s in section_path.strip("/").split("/") if s]:
        child = SectionPage.objects.child_of(page).filter(slug=slug).first()
        if child is None:
            raise LookupError(f"there is no section {section_path!r}")
        page = child
    if not isinstance(page, SectionPage):
        raise LookupError(f"{section_path!r} is not a section")
    return page


def author_named(name: str) -> Author:
    """The author with this name or slug, created when new."""
    slug = slugify(name, allow_unicode=True) or "staff"
    author = Author.objects.filter(slug=slug).first() or Author.objects.filter(name=name).first()
    if author is None:
        author = Author.objects.create(name=name, slug=slug)
    return author


def _free_slug(parent: Page, wanted: str, own_pk: int | None) -> str:
    base = slugify(wanted)[:200] or "article"
    slug, n = base, 1
    siblings = Page.objects.child_of(parent)
    while siblings.filter(slug=slug).exclude(pk=own_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def publish_article(document: ArticleDocument, section: SectionPage) -> ImportResult:
    """Create or update (matched on the source id) a published article from a document."""
    article = ArticlePage.objects.filter(source_id=document.source_id).first()
    created = article is None
    if article is None:
        article = ArticlePage(source_id=document.source_id)
    article.title = document.headline
    article.subheadline = document.subheadline
    article.summary = document.summary
    article.dateline = document.dateline
    article.published_at = document.published_at
    article.updated_at = document.updated_at
    article.body = document.body
    if created:
        article.slug = _free_slug(section, document.slug or document.headline, None)
        article.first_published_at = document.published_at
        section.add_child(instance=article)
    article.authors.set([author_named(name) for name in document.authors])
    article.tags.set(document.tags, clear=True)
    revision = article.save_revision(log_action=True)
    revision.publish()
    article.refresh_from_db()
    return ImportResult(article=article, created=created, notes=document.notes)


def import_files(
    paths: Iterable[Path], section_path: str | None = None, *, shift: dt.timedelta | None = None
) -> list[ImportResult | ImportProblem]:
    """Import each file on its own: a bad file is reported and nothing of it is stored."""
    results: list[ImportResult | ImportProblem] = []
    for path in paths:
        try:
            document = read_document(Path(path))
            if shift:
                document.published_at += shift
                if document.updated_at:
                    document.updated_at += shift
            wanted = section_path or document.section
            if not wanted:
                raise ImportProblem(str(path), "no section: give --section or a `section:` key")
            try:
                section = find_section(wanted)
            except LookupError as error:
                raise ImportProblem(str(path), str(error)) from None
            results.append(publish_article(document, section))
        except ImportProblem as problem:
            results.append(problem)
    return results


# --- The demo newsroom ------------------------------------------------------------------


def site_address() -> tuple[str, int]:
    """Host and port of the public address (SITE_URL), which Wagtail uses for full URLs."""
    parts = urlsplit(settings.SITE_URL or "http://localhost")
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def create_home_and_sections(sections=DEMO_SECTIONS) -> HomePage:
    """The home page (made the default site's root) and the section tree, when missing."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = Page.objects.filter(depth=2, slug="home").exclude(
            content_type__model="homepage").first()
        if welcome is not None:
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        home = HomePage(title="Broadsheet", slug="home",
                        strapline="English news from Korea, for readers of Korea")
        root.add_child(instance=home)
        home.save_revision().publish()
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page, site.hostname, site.port, site.site_name = home, hostname, port, "Broadsheet"
    site.save()
    for slug, title, intro, children in sections:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = SectionPage(title=title, slug=slug, intro=intro)
            home.add_child(instance=section)
            section.save_revision().publish()
        for child_slug, child_title, child_intro in children:
            if not SectionPage.objects.child_of(section).filter(slug=child_slug).exists():
                child = SectionPage(title=child_title, slug=child_slug, intro=child_intro)
                section.add_child(instance=child)
                child.save_revision().publish()
    return home


def load_demo_authors(path: Path = DEMO_DIR / "authors.yaml") -> list[Author]:
    authors = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        author, _ = Author.objects.update_or_create(
            slug=entry["slug"],
            defaults={"name": entry["name"], "role": entry.get("role", ""),
                      "bio": entry.get("bio", "")},
        )
        authors.append(author)
    return authors


def demo_article_paths() -> list[Path]:
    return sorted((DEMO_DIR / "articles").glob("*.md"))


def demo_date_shift(paths: list[Path], now: dt.datetime | None = None) -> dt.timedelta:
    """Whole days that move the demo's newest article to within the last day.

    The demo articles carry fixed dates; shifting them keeps the home page and the Google News
    sitemap (last two days) meaningful whenever the demo is loaded.
    """
    now = now or timezone.now()
    documents = [read_document(p) for p in paths]
    newest = max(d.updated_at or d.published_at for d in documents)
    return dt.timedelta(days=max(0, (now - newest).days))


def load_demo_newsroom() -> list[ImportResult | ImportProblem]:
    """The demo paper: home, sections, authors and every demo article, published."""
    create_home_and_sections()
    load_demo_authors()
    paths = demo_article_paths()
    return import_files(paths, shift=demo_date_shift(paths))
