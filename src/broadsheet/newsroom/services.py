"""The newsroom's writes: publishing article documents into the section tree.

Reading files into documents is `documents.py`; the demo paper is `demo_paper.py`. Every
function here is an explicit call a test can make; views and commands stay thin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from broadsheet.newsroom.documents import ArticleDocument, ImportProblem, read_document
from broadsheet.newsroom.models import ArticlePage, Author, HomePage, SectionPage

__all__ = [
    "ArticleDocument",
    "ImportProblem",
    "ImportResult",
    "find_section",
    "import_files",
    "publish_article",
]


@dataclass
class ImportResult:
    article: ArticlePage
    created: bool
    notes: list[str]


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
        wanted = slugify(document.slug or document.headline)[:200] or "article"
        article.slug = find_available_slug(section, wanted)
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
