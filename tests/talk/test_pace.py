"""Rate limits come first and cover edits; the verdict is reached outside the write transaction."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.talk import moderation
from broadsheet.talk.errors import CommentError
from broadsheet.talk.services import edit_comment
from broadsheet.talk.services import posting as posting_service


def _never(s):
    raise AssertionError("a content rule ran for a rate-limited request")


def test_a_rate_limited_post_is_refused_before_any_rule_reads_the_text(
    post, reader, config, monkeypatch
):
    config.account_limit = 1
    config.save()
    post(reader, "The first comment")
    monkeypatch.setattr(posting_service, "CONTENT_RULES", [_never])
    with pytest.raises(CommentError) as caught:
        post(reader, "The second comment")
    assert caught.value.status == 429 and caught.value.retry_after > 0


def test_edits_are_rate_limited_per_account(post, reader, config):
    """Edits count against the account limit on their own: posting once still leaves room."""
    config.account_limit = 2
    config.save()
    comment = post(reader, "Edited a few times")
    edit_comment(reader, comment.pk, "Edited once")
    edit_comment(reader, comment.pk, "Edited twice")
    with pytest.raises(CommentError) as caught:
        edit_comment(reader, comment.pk, "Edited three times")
    assert caught.value.status == 429
    comment.refresh_from_db()
    assert comment.text == "Edited twice"


@pytest.mark.parametrize("editing", [False, True])
def test_the_content_rules_run_outside_the_write_transaction(post, reader, monkeypatch, editing):
    """Only the rate limits and the duplicate check run inside the transaction."""
    comment = post(reader, "Something to edit") if editing else None
    outer = len(connection.atomic_blocks)  # the test's own transaction
    depths = []

    def spy(s):
        depths.append(len(connection.atomic_blocks))

    monkeypatch.setattr(posting_service, "CONTENT_RULES", [spy])
    monkeypatch.setattr(posting_service, "RACE_RULES", [*moderation.RACE_RULES, spy])
    if editing:
        edit_comment(reader, comment.pk, "Something else entirely")
    else:
        post(reader, "A comment of its own")
    assert depths == [outer, outer + 1]


def test_a_duplicate_is_still_caught_inside_the_transaction(post, reader):
    post(reader, "Exactly these words")
    again = post(reader, "Exactly these words")
    assert again.rule == "duplicate"
