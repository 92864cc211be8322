"""Bounded work per request: text fields are refused by size before any normalisation."""

from __future__ import annotations

import json
import unicodedata
import uuid

import pytest

from broadsheet.talk import app_settings
from broadsheet.talk.counting import count_characters, normalise_text, overloaded_character
from broadsheet.talk.errors import CommentError
from broadsheet.talk.models import MAX_DISPLAY_NAME, MAX_REPORT_NOTE, Commenter, ModeratedWord
from broadsheet.talk.services import report_comment, set_up_commenter
from tests.talk.conftest import refusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_normalising(monkeypatch):
    """NFC (the costly step) raises if handed more than the cap: refusals come before it."""
    original = unicodedata.normalize

    def guarded(form, text):
        if len(text) > app_settings.max_comment_input():
            raise AssertionError(f"normalised {len(text)} code points")
        return original(form, text)

    monkeypatch.setattr(unicodedata, "normalize", guarded)


def over_the_cap(limit: int) -> str:
    return " " * (app_settings.input_factor() * limit) + "a"


def test_an_oversized_comment_is_refused_before_normalising(post, reader, no_normalising):
    error = refusal(post, reader, over_the_cap(app_settings.max_comment_characters()))
    assert error.code == "too_long" and error.status == 400


def test_forty_thousand_spaces_are_refused_before_normalising(post, reader, no_normalising):
    error = refusal(post, reader, "a" + " " * 40_000 + "a")
    assert error.code == "too_long"


def test_an_oversized_note_is_refused_before_normalising(post, reader, make_reader, no_normalising):
    comment = post(reader, "A comment to report")
    error = refusal(report_comment, make_reader(), comment.pk, "spam", over_the_cap(250))
    assert error.status == 400 and str(MAX_REPORT_NOTE) in error.message


def test_an_oversized_display_name_is_refused_before_normalising(reader, no_normalising):
    error = refusal(set_up_commenter, reader, over_the_cap(MAX_DISPLAY_NAME), accept_policy=True)
    assert error.status == 400


def test_trimming_is_linear_and_still_trims():
    """The cap's worth of spaces around a word trims to the word (str.strip, not a regex)."""
    cap = app_settings.max_comment_input()
    assert normalise_text(" " * cap + "a" + "\u3000" * cap) == "a"
    assert normalise_text("\u2005a\u200a") == "a"


@pytest.mark.parametrize("field", ["comment", "note", "display_name"])
def test_a_character_with_too_many_marks_is_refused(post, reader, make_reader, field):
    marks = app_settings.max_combining_marks()
    text = "Zalgo z" + "\u0301\u0302\u0303" * marks
    if field == "comment":
        error = refusal(post, reader, text)
    elif field == "note":
        comment = post(reader, "A comment to report")
        error = refusal(report_comment, make_reader(), comment.pk, "spam", text)
    else:
        error = refusal(set_up_commenter, make_reader(), text, accept_policy=True)
    assert error.code == "combining_marks" and error.status == 400
    assert f"at most {marks}" in error.message


def test_a_handful_of_marks_is_fine(post, reader):
    marks = app_settings.max_combining_marks()
    comment = post(reader, "Vietnamese-style " + "a" + "\u0323" * marks)
    assert comment.pk
    family = "\U0001f468\U0001f3fb\u200d\U0001f469\U0001f3fb\u200d\U0001f467\U0001f3fb\u200d\U0001f466\U0001f3fb"
    assert not overloaded_character(f"👨‍👩‍👧‍👦 🏳️‍🌈 1️⃣ 한국어 {family}", marks)


@pytest.mark.parametrize(
    "cluster",
    [
        "\u1100" * 400 + "\u1161",  # conjoining jamo: one syllable block of 401 code points
        "\U0001f600" + "\u200d\U0001f600" * 300,  # emoji chained with ZWJ
    ],
)
def test_one_character_made_of_hundreds_of_code_points_is_refused(post, reader, cluster):
    """No combining mark, one grapheme cluster: the 250-character count alone would pass it."""
    assert count_characters(cluster) == 1
    with pytest.raises(CommentError) as refused:
        post(reader, "Look " + cluster)
    assert refused.value.code == "combining_marks" and refused.value.status == 400


def test_a_display_name_of_forty_clusters_with_marks_is_refused_clearly(make_reader):
    """40 user-perceived characters, 80 code points: refused, never a column overflow."""
    name = "q\u0301" * MAX_DISPLAY_NAME  # q́ has no precomposed form: NFC keeps 2 code points
    assert count_characters(name) == MAX_DISPLAY_NAME and len(normalise_text(name)) > 40
    user = make_reader()
    error = refusal(set_up_commenter, user, name, accept_policy=True)
    assert error.code == "display_name" and "accents" in error.message
    assert not Commenter.objects.filter(display_name=normalise_text(name)).exists()


def test_a_display_name_of_forty_plain_characters_is_accepted(make_reader):
    commenter = set_up_commenter(make_reader(), "가" * MAX_DISPLAY_NAME, accept_policy=True)
    assert len(commenter.display_name) == MAX_DISPLAY_NAME


def test_a_report_note_longer_than_its_column_is_refused(post, reader, make_reader):
    comment = post(reader, "A comment to report")
    note = "q\u0301" * MAX_REPORT_NOTE
    error = refusal(report_comment, make_reader(), comment.pk, "spam", note)
    assert error.code == "note"


def test_the_no_js_form_refuses_a_body_over_the_upload_limit(client, article, reader, settings):
    client.force_login(reader)
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert size <= 512 * 1024
    response = client.post(
        f"/comments/article/{article.pk}/",
        {"text": "a" * (size + 1), "idempotency_key": uuid.uuid4().hex},
    )
    assert response.status_code == 400


def test_the_api_refuses_a_body_over_the_upload_limit(client, article, reader, settings):
    client.force_login(reader)
    body = json.dumps({"text": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = client.post(
        f"/api/comments/articles/{article.pk}",
        data=body,
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert 400 <= response.status_code < 500


def test_the_api_refuses_an_oversized_comment_with_a_clear_message(client, article, reader, config):
    client.force_login(reader)
    response = client.post(
        f"/api/comments/articles/{article.pk}",
        data=json.dumps({"text": "x" * (app_settings.max_comment_input() + 1)}),
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 400 and "at most" in response.json()["detail"]


def test_the_word_list_admin_form_works_under_the_upload_limit(
    client, django_user_model, verified_login
):
    admin = django_user_model.objects.create_superuser("words-admin", "w@example.org", "pw")
    verified_login(client, admin)
    response = client.post(
        "/admin/snippets/talk/moderatedword/add/",
        {
            "word": "spamword",
            "kind": "banned",
            "match_mode": "word",
            "language": "en",
            "note": "n" * 200,
        },
    )
    assert response.status_code == 302
    assert ModeratedWord.objects.filter(word="spamword").exists()
