"""The demo paper: the home page, the section tree, authors and the demo articles.

The articles are Markdown files in `demo/articles/`, loaded through the importer; web's
`load_demo` calls `load_demo_newsroom` before every app's own demo hook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from broadsheet.newsroom.demo_figures import add_demo_figures
from broadsheet.newsroom.documents import ImportProblem, read_document
from broadsheet.newsroom.models import Author, HomePage, SectionPage
from broadsheet.newsroom.services import ImportResult, import_files

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# The demo paper's section tree: (slug, title, intro, children).
DEMO_SECTIONS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "national",
        "National",
        "News from across the country.",
        [
            (
                "politics",
                "Politics",
                "The National Assembly, the presidential office and the parties.",
            ),
            (
                "social-affairs",
                "Social Affairs",
                "Schools, health, housing, labour and daily life.",
            ),
        ],
    ),
    ("business", "Business", "Markets, companies and the economy.", []),
    ("culture", "Culture", "Books, film, music, food and heritage.", []),
    ("sports", "Sports", "Baseball, football and the athletes of Korea.", []),
    ("opinion", "Opinion", "Editorials and columns from the paper's writers.", []),
]


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
        welcome = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(content_type__model="homepage")
            .first()
        )
        if welcome is not None:
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        home = HomePage(
            title="Broadsheet",
            slug="home",
            strapline="English news from Korea, for readers of Korea",
        )
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
            defaults={
                "name": entry["name"],
                "role": entry.get("role", ""),
                "bio": entry.get("bio", ""),
            },
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
    """The demo paper: home, sections, authors and every demo article with its figures."""
    create_home_and_sections()
    load_demo_authors()
    paths = demo_article_paths()
    results = import_files(paths, shift=demo_date_shift(paths))
    add_demo_figures()
    return results
