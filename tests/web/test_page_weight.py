"""An article page's HTML, CSS and JavaScript together stay under 60 KB compressed.

Counted the strict way: every stylesheet the page links (print included) and every module
the page could load — the entry script, each component named by a data-module attribute and
everything those import — each compressed on its own with gzip at level 9 (what whitenoise
stores beside the files; its brotli copies are smaller), plus the page's HTML.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

BUDGET = 60 * 1024
# The heaviest reader page: the article with the demo's comments, glossary terms and tools.
SLUG = "six-party-talks-resume-beijing-vladivostok-summit"
IMPORT = re.compile(r"""\bimport\b[^"'()]*?["'](\.{1,2}/[^"']+\.mjs)["']""")


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def static_file(url: str) -> Path:
    found = finders.find(url.removeprefix("/static/"))
    assert found, f"{url} is not a static file"
    return Path(found)


def modules_of(entry: Path, seen: set[Path]) -> None:
    """entry and every module it imports by relative path, recursively."""
    if entry in seen:
        return
    seen.add(entry)
    for target in IMPORT.findall(entry.read_text(encoding="utf-8")):
        modules_of((entry.parent / target).resolve(), seen)


def page_parts(html: str) -> dict[str, Path]:
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script type="module" src="([^"]+)"', html)
    modules: set[Path] = set()
    for url in scripts:
        modules_of(static_file(url), modules)
    for names in re.findall(r'data-module="([^"]+)"', html):
        for name in names.split():
            app, file = name.split("/")
            modules_of(static_file(f"/static/{app}/js/{file}.mjs"), modules)
    parts = {url: static_file(url) for url in styles}
    parts.update({"/".join(path.parts[-3:]): path for path in modules})
    return parts


@pytest.mark.django_db
def test_the_article_page_with_its_css_and_javascript_is_under_60_kb_compressed():
    response = Client().get(f"/national/politics/{SLUG}/")
    assert response.status_code == 200
    html = response.content
    parts = page_parts(html.decode())
    assert any(p.suffix == ".css" for p in parts.values()), "no stylesheet found on the page"
    assert any(p.name == "lookup.mjs" for p in parts.values()), "the dictionary module is counted"
    sizes = {"HTML": compressed(html)} | {
        name: compressed(path.read_bytes()) for name, path in parts.items()
    }
    total = sum(sizes.values())
    report = "\n".join(f"{size:7,d}  {name}" for name, size in sorted(sizes.items()))
    print(f"\n{report}\n{total:7,d}  total (budget {BUDGET:,d})")
    assert total < BUDGET, report
