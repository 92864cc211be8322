"""./run manage load_glossary FILE: the documented TSV/CSV format, malformed rows, re-loading."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from broadsheet.lexicon import lookups
from broadsheet.lexicon.glossary_files import load_glossary_file
from broadsheet.lexicon.models import GlossaryTerm
from tests.lexicon.django_helpers import fresh_glossary  # noqa: F401

pytestmark = pytest.mark.django_db


def loaded():
    return {t.term: t for t in GlossaryTerm.objects.filter(source=GlossaryTerm.Source.FILE)}


def gloss(term, language="ko"):
    return term.glosses.get(language=language).text


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_TSV = (
    "term\tkorean\texplanation\tkind\n"
    "intervene\t개입하다\t\t\n"
    "sanctions relief\t제재 완화\tLifting penalties on a country.\tphrase\n"
    "# a comment line\n"
    "\n"
    "KEDO\t한반도에너지개발기구\t\tacronym\n"
)


def test_a_tsv_file_loads_every_row_and_the_lookup_shows_its_korean(tmp_path):
    report = load_glossary_file(write(tmp_path, "ko.tsv", GOOD_TSV))
    assert (report.created, report.updated, report.problems) == (3, 0, [])
    assert set(loaded()) == {"intervene", "sanctions relief", "KEDO"}
    assert loaded()["KEDO"].kind == "acronym"
    assert lookups.look_up("intervened", "Seoul intervened.").glossary.gloss_in("ko") == "개입하다"


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing(tmp_path):
    path = write(tmp_path, "ko.tsv", "korean\tterm\n평화\tpeace\n")
    load_glossary_file(path)
    assert gloss(loaded()["peace"]) == "평화"
    assert loaded()["peace"].kind == "term"


def test_malformed_rows_are_named_by_line_and_skipped_and_nothing_else_is_lost(tmp_path):
    text = (
        "term\tkorean\texplanation\tkind\n"  # line 1
        "ceasefire\t휴전\t\t\n"  # 2 good
        "armistice\t\t\t\n"  # 3 no Korean
        "truce\t휴전\tA pause.\tterm\textra\n"  # 4 too many fields
        "détente\t긴장 완화\t\tmood\n"  # 5 unknown kind
        + "x"
        * 70
        + "\t너무 길다\n"  # 6 term too long
        "bad\x07term\t제어\n"  # 7 control character
        "...\t구두점\n"  # 8 no letters
        "summit\t정상회담\n"  # 9 good (fewer optional fields)
    )
    report = load_glossary_file(write(tmp_path, "ko.tsv", text))
    assert set(loaded()) == {"ceasefire", "summit"}
    lines = [p.split(":")[0] for p in report.problems]
    assert lines == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
    assert all(p.endswith("skipped") for p in report.problems)
    assert "gloss is empty" in report.problems[0]
    assert "kind" in report.problems[2]


def test_a_csv_file_with_a_stray_quote_loses_only_that_row(tmp_path):
    text = (
        "term,korean,explanation\n"
        '"peninsula",반도,"A piece of land, almost surrounded by water."\n'
        'broken,"깨진,\n'
        "summit,정상회담,\n"
    )
    report = load_glossary_file(write(tmp_path, "ko.csv", text))
    assert set(loaded()) == {"peninsula", "summit"}
    assert loaded()["peninsula"].explanation == "A piece of land, almost surrounded by water."
    assert [p.split(":")[0] for p in report.problems] == ["line 3"]


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path):
    path = tmp_path / "ko.csv"
    path.write_bytes("\ufeffterm,korean\r\nsummit,정상회담\r\n".encode())
    assert load_glossary_file(path).created == 1


def test_loading_again_updates_changed_rows_and_keeps_the_rest(tmp_path):
    path = write(tmp_path, "ko.tsv", GOOD_TSV)
    load_glossary_file(path)
    path.write_text(
        GOOD_TSV.replace("개입하다", "개입하다 (간섭)") + "summit\t정상회담\n", encoding="utf-8"
    )
    report = load_glossary_file(path)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    assert gloss(loaded()["intervene"]) == "개입하다 (간섭)"
    assert GlossaryTerm.objects.filter(source="file", key="intervene").count() == 1


def test_replace_removes_loaded_terms_missing_from_the_file(tmp_path):
    load_glossary_file(write(tmp_path, "a.tsv", GOOD_TSV))
    report = load_glossary_file(
        write(tmp_path, "b.tsv", "term\tkorean\nsummit\t정상회담\n"), replace=True
    )
    assert report.removed == 3
    assert set(loaded()) == {"summit"}
    assert GlossaryTerm.objects.filter(source="editorial").exists(), "editors' terms stay"


def test_a_file_loaded_term_never_replaces_an_editorial_one(tmp_path):
    load_glossary_file(write(tmp_path, "ko.tsv", "term\tkorean\tkind\nNIS\t국정원\tacronym\n"))
    entry = lookups.look_up("NIS").glossary
    assert entry.source == "editorial"


def test_the_command_reports_problems_and_a_summary(tmp_path, capsys):
    path = write(tmp_path, "ko.tsv", "term\tkorean\nsummit\t정상회담\nlonely\n")
    call_command("load_glossary", str(path))
    out, err = capsys.readouterr()
    assert "1 added" in out and "1 skipped" in out
    assert "line 3" in err


@pytest.mark.parametrize("text", ["word\tmeaning\nsummit\t정상회담\n", "", "# only a comment\n"])
def test_a_file_without_the_required_header_is_refused_whole(tmp_path, text):
    with pytest.raises(CommandError, match="term and korean|empty"):
        call_command("load_glossary", str(write(tmp_path, "ko.tsv", text)))
    assert not loaded()


def test_a_missing_or_non_utf8_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_glossary", str(tmp_path / "missing.tsv"))
    path = tmp_path / "latin1.tsv"
    path.write_bytes("term\tkorean\ncaf\xe9\tx\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_glossary", str(path))


def test_a_japanese_column_loads_japanese_glosses_beside_the_korean_ones(tmp_path):
    """Languages are columns named by their code: no code change for a new language."""
    load_glossary_file(write(tmp_path, "ko.tsv", "term\tkorean\nceasefire\t휴전\n"))
    report = load_glossary_file(write(tmp_path, "ja.tsv", "term\tja\nceasefire\t停戦\n"))
    assert (report.created, report.updated) == (0, 1)
    term = loaded()["ceasefire"]
    assert (gloss(term, "ko"), gloss(term, "ja")) == ("휴전", "停戦")
    assert lookups.look_up("ceasefire").glossary.gloss_in("ja") == "停戦"
