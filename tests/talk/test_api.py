"""The comments API as a logged-in reader sees it: every documented route answers."""

from __future__ import annotations

import json
import uuid

from django.test import Client


def test_mine_lists_the_readers_comments(client, post, reader, make_reader):
    """GET /api/comments/mine is not shadowed by /{comment_id}: it lists the reader's own."""
    mine = post(reader, "Mine to download")
    post(make_reader(), "Someone else's")
    client.force_login(reader)
    response = client.get("/api/comments/mine")
    assert response.status_code == 200
    texts = json.dumps(response.json())
    assert mine.text in texts and "Someone else's" not in texts


def test_mine_needs_a_login(db):
    assert Client().get("/api/comments/mine").status_code in (401, 403)


def test_a_non_numeric_comment_id_is_a_client_error(client, reader):
    client.force_login(reader)
    response = client.patch(
        f"/api/comments/x{uuid.uuid4().hex[:4]}",
        data=json.dumps({"text": "hi"}),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
