"""Moderators download and upload the word lists in the admin (talk/admin_wordlists.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from broadsheet.newsroom.staff import create_staff_user
from broadsheet.talk.models import MatchMode, ModeratedWord, WordKind
from broadsheet.talk.wordmatch.listfile import default_entries, parse

URL = "/admin/comments/words/"


def upload(client, text: str, name: str = "words.tsv", **extra):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8")), **extra}
    return client.post(URL, data)


def test_new_sites_start_with_the_default_lists(db):
    listed = set(ModeratedWord.objects.values_list("word", flat=True))
    assert {e.term for e in default_entries()} <= listed


def test_download_round_trips_through_the_file_format(client, moderator, verified_login):
    verified_login(client, moderator)
    response = client.get(URL + "download.tsv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="word-lists.tsv"'
    entries, errors = parse(response.content.decode())
    assert not errors and len(entries) == ModeratedWord.objects.count()
    assert client.get(URL + "download.xls").status_code == 404


def test_upload_adds_and_updates_and_reports_bad_lines(client, moderator, verified_login):
    verified_login(client, moderator)
    text = (
        "term\tkind\tmode\tclause\tnote\n"
        "blockhead\tsuspect\tprefix\tcivility\tnew\n"
        "idiot\tbanned\texact\trespect\tmoved\n"
        "nope\tawful\tword\t\t\n"
        "worse\tbanned\tsubstring\t\t\n"
        "cad\tsuspect\tword\tnosuchclause\t\n"
    )
    response = upload(client, text)
    assert response.status_code == 200
    body = response.content.decode()
    for line in ("4", "5", "6"):
        assert f"<td>{line}</td>" in body
    added = ModeratedWord.objects.get(word="blockhead")
    assert (added.kind, added.match_mode, added.language) == (WordKind.SUSPECT, "prefix", "en")
    moved = ModeratedWord.objects.get(word="idiot")
    assert (moved.kind, moved.match_mode, moved.note) == (WordKind.BANNED, MatchMode.EXACT, "moved")
    assert not ModeratedWord.objects.filter(word__in=["nope", "worse", "cad"]).exists()


def test_csv_upload(client, moderator, verified_login):
    verified_login(client, moderator)
    upload(client, 'term,kind,mode,clause,note\n"dunce, total",suspect,word,,\n', "w.csv")
    assert ModeratedWord.objects.filter(word="dunce, total").exists()


@override_settings(TALK_WORD_LIST_MAX_BYTES=64)
def test_an_upload_over_the_limit_is_refused_whole(client, moderator, verified_login):
    verified_login(client, moderator)
    response = upload(client, "blockhead\tsuspect\n" * 10)
    assert response.status_code == 413
    assert not ModeratedWord.objects.filter(word="blockhead").exists()


def test_a_file_that_is_not_utf8_gets_a_400(client, moderator, verified_login):
    verified_login(client, moderator)
    data = {"file": SimpleUploadedFile("w.tsv", "바보\tbanned\n".encode("euc-kr"))}
    assert client.post(URL, data).status_code == 400


def test_readers_and_editors_cannot_use_the_word_lists(client, reader, db, verified_login):
    editor, _ = create_staff_user("ed-words", "editor", "pw-not-used-123")
    for user in (reader, editor):
        client.force_login(user)
        if user is editor:
            verified_login(client, user)  # refused for want of permission, not of the code
        assert client.get(URL + "download.tsv").status_code in (302, 403)
        upload(client, "blockhead\tbanned\n")
    assert not ModeratedWord.objects.filter(word="blockhead").exists()


def test_upload_needs_the_csrf_token(moderator, verified_login):
    strict = Client(enforce_csrf_checks=True)
    verified_login(strict, moderator)
    assert upload(strict, "blockhead\tbanned\n").status_code == 403
    assert not ModeratedWord.objects.filter(word="blockhead").exists()
