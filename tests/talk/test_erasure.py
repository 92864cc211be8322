"""Erasure with the account, and moderators redacting someone else's data from a comment."""

from __future__ import annotations

import json

import pytest
from wagtail import hooks

from broadsheet.talk import services
from broadsheet.talk.models import ActionKind, CommentStatus, ModerationAction, Report
from broadsheet.talk.services import CommentError
from broadsheet.talk.services.redaction import REDACTED

pytestmark = pytest.mark.django_db


def audit_text() -> str:
    """Everything the audit log holds, as one string to search."""
    rows = ModerationAction.objects.values_list("reason", "details")
    return json.dumps([[reason, details] for reason, details in rows], ensure_ascii=False)


def erase(user, mode: str) -> None:
    """Through the hook accounts calls when a reader deletes their account."""
    for fn in hooks.get_hooks("broadsheet_erase_reader_data"):
        fn(user, mode)


@pytest.fixture
def history(post, reader, make_reader, moderator, config):
    """The reader edited a comment, reported another one with a note, and was reported."""
    config.report_threshold = 0
    config.save()
    reader.commenter.display_name = "Kim Secret-Name"
    reader.commenter.save()
    mine = post(reader, "My first words see example.com/kim-private")
    services.approve_comment(moderator, mine.pk)
    services.edit_comment(reader, mine.pk, "My second words, nothing private")
    other = post(make_reader(), "Someone else's comment")
    services.report_comment(reader, other.pk, "other", "a note by Kim about her neighbour")
    services.report_comment(make_reader(), mine.pk, "spam", "quoting: My second words")
    return mine, other


def test_removing_erases_earlier_versions_names_and_notes_from_the_audit_log(reader, history):
    mine, other = history
    erase(reader, "remove")
    logged = audit_text()
    for private in ("My first words", "kim-private", "Kim Secret-Name", "a note by Kim"):
        assert private not in logged
    assert "My second words" not in logged
    mine.refresh_from_db()
    assert mine.status == CommentStatus.DELETED and mine.text == "" and mine.reasons == []
    assert not Report.objects.filter(comment=mine).exclude(note="").exists()
    # What the log is for stays: which rule held what, and when.
    held = ModerationAction.objects.get(comment=mine, kind=ActionKind.AUTO_HELD)
    assert held.reason == "links" and held.details["findings"][0]["rule"] == "links"


def test_anonymising_erases_the_name_and_notes_but_keeps_the_kept_text(reader, history):
    mine, other = history
    erase(reader, "anonymise")
    logged = audit_text()
    assert "Kim Secret-Name" not in logged and "a note by Kim" not in logged
    mine.refresh_from_db()
    assert mine.text == "My second words, nothing private" and mine.author_id is None


# --- redaction -------------------------------------------------------------------------------

PHONE = "010-9876-5432"


@pytest.fixture
def quoting(post, reader, moderator, make_reader, config):
    """A comment quoting someone else's number, in an earlier version and in a report."""
    config.report_threshold = 0
    config.save()
    comment = post(reader, "The landlord")
    services.edit_comment(reader, comment.pk, f"The landlord's number is {PHONE}")
    services.approve_comment(moderator, comment.pk)
    services.edit_comment(reader, comment.pk, f"Call the landlord on {PHONE}, everyone")
    services.approve_comment(moderator, comment.pk)
    services.report_comment(make_reader(), comment.pk, "personal_data", f"posts {PHONE}")
    return comment


def test_a_moderator_redacts_a_passage_everywhere_it_is_kept(quoting, moderator):
    count = services.redact_comment(moderator, quoting.pk, PHONE, "a third party's number")
    quoting.refresh_from_db()
    assert quoting.text == f"Call the landlord on {REDACTED}, everyone"
    assert count >= 4  # the text, an earlier version, the previous text of the edit, the note
    assert PHONE not in audit_text()
    assert not Report.objects.filter(note__contains=PHONE).exists()
    entry = ModerationAction.objects.get(comment=quoting, kind=ActionKind.REDACTED)
    assert entry.actor == moderator and entry.details == {"occurrences": count}
    assert entry.reason == "a third party's number"


def test_the_redaction_is_logged_without_the_passage_even_if_the_reason_quotes_it(
    quoting, moderator
):
    services.redact_comment(moderator, quoting.pk, PHONE, f"removed {PHONE}")
    entry = ModerationAction.objects.get(comment=quoting, kind=ActionKind.REDACTED)
    assert PHONE not in entry.reason and PHONE not in json.dumps(entry.details)


def test_only_moderators_redact(quoting, reader, make_reader):
    for who in (reader, make_reader()):
        with pytest.raises(CommentError) as info:
            services.redact_comment(who, quoting.pk, PHONE)
        assert info.value.status == 403
    quoting.refresh_from_db()
    assert PHONE in quoting.text


def test_a_passage_that_is_not_there_is_a_clear_400(quoting, moderator):
    for passage in ("010-0000-0000", "", "   ", REDACTED):
        with pytest.raises(CommentError) as info:
            services.redact_comment(moderator, quoting.pk, passage)
        assert info.value.status == 400 and info.value.message
    assert not ModerationAction.objects.filter(kind=ActionKind.REDACTED).exists()


def test_redacting_from_the_queue(client, quoting, moderator, django_user_model, verified_login):
    from broadsheet.newsroom.staff import create_staff_user

    editor, _ = create_staff_user("editor-redact", "editor", "pw-123456789")
    verified_login(client, editor)
    refused = client.post(f"/admin/comments/{quoting.pk}/redact/", {"passage": PHONE})
    assert refused.status_code in (302, 403)
    quoting.refresh_from_db()
    assert PHONE in quoting.text
    verified_login(client, moderator)
    queue = client.get("/admin/comments/?status=all").content.decode()
    assert f'action="/admin/comments/{quoting.pk}/redact/"' in queue
    done = client.post(
        f"/admin/comments/{quoting.pk}/redact/", {"passage": PHONE, "reason": "neighbour"}
    )
    assert done.status_code == 302
    quoting.refresh_from_db()
    assert PHONE not in quoting.text
    log = client.get(f"/admin/comments/log/?comment={quoting.pk}").content.decode()
    assert "Personal data redacted by a moderator" in log and PHONE not in log
