"""The importer: ninjs 1.x/2.x JSON and Markdown files become published articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from broadsheet.newsroom.body_html import html_to_blocks
from broadsheet.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db

NINJS = {
    "uri": "urn:broadsheet:test:ferry",
    "type": "text",
    "headline": "Island ferry service restored after storm",
    "byline": "By Jeong Ha-eun and Oh Tae-min",
    "versioncreated": "2026-11-20T15:00:00+09:00",
    "firstcreated": "2026-11-20T09:00:00+09:00",
    "located": "Mokpo",
    "body_html": (
        "<p>Ferries to the southern islands <b>resumed</b> on Friday.</p>"
        "<h2>Stranded visitors</h2><p>About 300 visitors had waited two nights.</p>"
        "<blockquote><p>We slept in the terminal.</p><cite>A visitor from Daegu</cite></blockquote>"
        '<script>alert(\'x\')</script><p onclick="steal()">Plain <a href="javascript:x">link</a></p>'
    ),
    "subjects": [{"name": "transport"}, {"name": "weather"}],
}


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def test_ninjs_import_creates_a_published_article(tmp_path, capsys):
    path = write(tmp_path, "ferry.json", NINJS)
    call_command("import_articles", "--section", "national/social-affairs", str(path))
    out = capsys.readouterr().out
    article = ArticlePage.objects.get(source_id=NINJS["uri"])
    assert article.live
    assert article.url in out and out.startswith("created")
    assert article.get_parent().slug == "social-affairs"
    assert [a.name for a in article.authors.order_by("name")] == ["Jeong Ha-eun", "Oh Tae-min"]
    assert sorted(t.name for t in article.tags.all()) == ["transport", "weather"]
    assert article.dateline == "MOKPO"
    assert article.updated_at.isoformat() == "2026-11-20T06:00:00+00:00"
    kinds = [b.block_type for b in article.body]
    assert kinds == ["paragraph", "heading", "paragraph", "quote", "paragraph"]
    rendered = "".join(
        str(b.value.source) if b.block_type == "paragraph" else "" for b in article.body
    )
    assert "<script" not in rendered and "onclick" not in rendered and "javascript:" not in rendered
    assert article.body[3].value["attribution"] == "A visitor from Daegu"


def test_reimport_updates_instead_of_duplicating(tmp_path):
    path = write(tmp_path, "ferry.json", NINJS)
    call_command("import_articles", "--section", "national/social-affairs", str(path))
    changed = {**NINJS, "headline": "Island ferries back on schedule"}
    write(tmp_path, "ferry.json", changed)
    call_command("import_articles", "--section", "national/social-affairs", str(path))
    articles = ArticlePage.objects.filter(source_id=NINJS["uri"])
    assert articles.count() == 1
    assert articles.get().title == "Island ferries back on schedule"


def test_ninjs_2_headlines_and_bodies_lists(tmp_path):
    doc = {
        "uri": "urn:t:2",
        "type": "text",
        "headlines": [{"role": "main", "value": "Two point oh"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "One.\n\nTwo."}],
        "firstcreated": "2026-11-01T08:00:00Z",
        "by": "Staff reporter",
    }
    call_command("import_articles", "--section", "business", str(write(tmp_path, "a.json", doc)))
    article = ArticlePage.objects.get(source_id="urn:t:2")
    assert article.title == "Two point oh"
    assert len(article.body) == 2


def test_markdown_import_reads_front_matter(tmp_path):
    text = (
        "---\ntitle: Lantern festival draws record crowds\nsection: culture\n"
        "authors: [Ryu Ji-ho]\npublished: 2026-11-15T19:00:00+09:00\ntags: [festival]\n"
        "summary: Lanterns along the river.\n---\n"
        "Crowds filled the riverbank.\n\n> It was magical.\n> — A visitor\n"
    )
    call_command("import_articles", str(write(tmp_path, "lanterns.md", text)))
    article = ArticlePage.objects.get(title="Lantern festival draws record crowds")
    assert article.get_parent().slug == "culture"
    assert article.summary == "Lanterns along the river."
    assert article.body[1].value["text"] == "It was magical."
    assert article.body[1].value["attribution"] == "A visitor"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad.json", "{not json", "not valid JSON (line 1"),
        (
            "nohead.json",
            {"uri": "u", "body_text": "x", "firstcreated": "2026-01-01"},
            "headline is missing",
        ),
        (
            "nobody.json",
            {"uri": "u", "headline": "h", "firstcreated": "2026-01-01"},
            "body_html or body_text is missing",
        ),
        (
            "baddate.json",
            {"uri": "u", "headline": "h", "body_text": "x", "firstcreated": "yesterday"},
            "not an ISO 8601 date-time",
        ),
        ("picture.json", {"uri": "u", "type": "picture", "headline": "h"}, "not a text item"),
        ("list.json", [1, 2], "must be a JSON object"),
        ("nofront.md", "just text without front matter", "title is missing"),
        ("badyaml.md", "---\ntitle: [unclosed\n---\nbody", "front matter is not valid YAML"),
        ("notes.txt", "hello", "only .json (ninjs) and .md"),
    ],
)
def test_malformed_files_name_the_file_and_problem_and_import_nothing(
    tmp_path, capsys, name, content, problem
):
    before = ArticlePage.objects.count()
    path = write(tmp_path, name, content)
    with pytest.raises(CommandError):
        call_command("import_articles", "--section", "business", str(path))
    err = capsys.readouterr().err
    assert str(path) in err and problem in err
    assert ArticlePage.objects.count() == before


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path, capsys):
    good = write(tmp_path, "good.json", NINJS)
    bad = write(tmp_path, "bad.json", "{")
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_articles", "--section", "business", str(bad), str(good))
    assert ArticlePage.objects.filter(source_id=NINJS["uri"]).exists()


def test_unknown_section_is_reported(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command(
            "import_articles", "--section", "nowhere", str(write(tmp_path, "f.json", NINJS))
        )
    assert "no section 'nowhere'" in capsys.readouterr().err


def test_body_html_keeps_only_what_the_blocks_hold():
    """nh3 sanitises first: http(s) links only, no event handlers, embeds and scripts gone."""
    blocks, notes = html_to_blocks(
        '<p>See <a href="/local">here</a>, <a href="https://example.org/a?b=1&c=2" '
        'onmouseover="x()">there</a> and <strong>this</strong>.</p>'
        '<iframe src="https://evil.example">fallback</iframe><style>p{}</style>'
        '<figure><img src="x.jpg" onerror="x()"></figure><table><tr><td>Cell</td></tr></table>'
    )
    assert blocks[0] == (
        "paragraph",
        '<p>See here, <a href="https://example.org/a?b=1&amp;c=2">there</a> and <b>this</b>.</p>',
    )
    assert ("paragraph", "<p>Cell</p>") in blocks
    assert "fallback" not in str(blocks) and "onerror" not in str(blocks)
    assert "an image in the body was skipped (images are added in the CMS)" in notes
    assert "a <iframe> element was removed" in notes and "a <style> element was removed" in notes


def test_two_articles_with_one_headline_get_distinct_slugs(tmp_path):
    """Wagtail's find_available_slug numbers the second one."""
    first = write(tmp_path, "a.json", NINJS)
    second = write(tmp_path, "b.json", {**NINJS, "uri": "urn:broadsheet:test:ferry-2"})
    call_command("import_articles", "--section", "business", str(first), str(second))
    slugs = sorted(
        ArticlePage.objects.filter(title=NINJS["headline"]).values_list("slug", flat=True)
    )
    assert slugs == [
        "island-ferry-service-restored-after-storm",
        "island-ferry-service-restored-after-storm-1",
    ]
