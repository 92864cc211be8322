"""./run manage moderate_file: every content rule over a file, a verdict a line, a summary."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

LINES = [
    "Good article, thanks",
    "서울시 발표에 따르면 사고가 다시 발생했다",
    "이 시1발 기사 뭐냐",
    "call me 010-1234-5678",
    "",
    "You are an idiot",
    "x" * 5000,
]


@pytest.fixture
def comments(tmp_path):
    path = tmp_path / "comments.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("moderate_file", *args, stdout=out)
    return out.getvalue()


def test_tsv_gives_each_line_its_verdict_and_rules_then_a_summary(db, comments):
    rows = [line.split("\t") for line in run(str(comments)).splitlines()[1:] if "\t" in line]
    verdicts = {int(r[0]): (r[1], r[2]) for r in rows}
    assert verdicts[1] == ("publish", "")
    assert verdicts[2] == ("publish", "")
    assert verdicts[3] == ("reject", "banned_words(시발)")
    assert verdicts[4] == ("hold", "personal_data(phone number)")
    assert 5 not in verdicts  # blank lines are skipped
    assert verdicts[6] == ("hold", "suspect_words(idiot)")
    assert verdicts[7][0] == "invalid"
    out = run(str(comments))
    assert "# 6 lines" in out and "# reject: 1" in out and "# hold: 2" in out


def test_json_and_one_language(db, comments):
    data = json.loads(run(str(comments), "--format", "json", "--lang", "en"))
    by_line = {line["line"]: line for line in data["lines"]}
    assert by_line[3]["verdict"] == "publish"  # the Korean list is left out
    assert by_line[6]["rules"][0]["rule"] == "suspect_words"
    assert data["summary"]["lines"] == 6


def test_a_missing_or_binary_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "nope.txt"))
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(binary))
