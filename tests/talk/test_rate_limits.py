"""Edits, reports and recommendations count against core.rate_limits, checked before any
other work: the API answers 429 JSON with Retry-After, the no-JavaScript forms a 429 page.

New comments keep their own pace rules (tests/talk/test_pace.py); edits are counted by both.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from broadsheet.core.rate_limits import RateLimited
from broadsheet.talk.services import edit_comment, report_comment, toggle_recommendation
from broadsheet.talk.services import posting as posting_service
from broadsheet.talk.services import reactions as reactions_service
from tests.conftest import no_work

ADDRESS = "192.0.2.10"


def _comments(post, make_reader, n):
    return [post(make_reader(), f"Comment number {i} to react to") for i in range(n)]


def _reader_client(user, address=ADDRESS) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def test_edits_count_against_the_edit_limit_before_any_other_work(
    post, reader, config, limit, monkeypatch
):
    config.account_limit = 100  # the pace rules' own edit count stays out of the way
    config.save()
    allowed, _seconds = limit("comment_edit", account=(2, 600))["account"]
    comment = post(reader, "A comment to edit")
    for i in range(allowed):
        edit_comment(reader, comment.pk, f"Edit number {i}", ip=ADDRESS)
    monkeypatch.setattr(posting_service, "require_commenter", no_work)
    monkeypatch.setattr(posting_service, "clean_text", no_work)
    with pytest.raises(RateLimited) as caught:
        edit_comment(reader, comment.pk, "One edit too many", ip=ADDRESS)
    assert caught.value.status == 429 and caught.value.retry_after > 0


def test_the_api_refuses_an_edit_past_the_limit_with_json_and_retry_after(
    post, reader, config, limit
):
    config.account_limit = 100
    config.save()
    allowed, _seconds = limit("comment_edit", address=(2, 600))["address"]
    comment = post(reader, "A comment to edit by API")
    client = _reader_client(reader)
    statuses = [
        client.patch(
            f"/api/comments/{comment.pk}",
            data=json.dumps({"text": f"Edited by API {i}"}),
            content_type="application/json",
        )
        for i in range(allowed + 1)
    ]
    assert [r.status_code for r in statuses] == [200] * allowed + [429]
    refused = statuses[-1]
    assert refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) == refused.json()["retry_after"] > 0


def test_the_edit_form_answers_a_429_page_with_retry_after(post, reader, config, limit):
    config.account_limit = 100
    config.save()
    allowed, _seconds = limit("comment_edit", account=(1, 600))["account"]
    comment = post(reader, "A comment to edit by form")
    client = _reader_client(reader)
    url = f"/comments/{comment.pk}/edit/"
    for i in range(allowed):
        assert client.post(url, {"text": f"Edited by form {i}"}).status_code == 302
    refused = client.post(url, {"text": "Edited once too often"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "too often" in refused.content.decode()


def test_reports_are_limited_per_account(post, make_reader, reader, limit, monkeypatch):
    allowed, _seconds = limit("report", account=(2, 3600))["account"]
    comments = _comments(post, make_reader, allowed + 1)
    for comment in comments[:allowed]:
        report_comment(reader, comment.pk, "spam", ip=f"192.0.2.{comment.pk % 200}")
    monkeypatch.setattr(reactions_service, "visible_comment", no_work)
    with pytest.raises(RateLimited) as caught:
        report_comment(reader, comments[-1].pk, "spam", ip="198.51.100.1")
    assert caught.value.extra["scope"] == "account"


def test_reports_are_limited_per_address_through_the_api(post, make_reader, limit):
    allowed, _seconds = limit("report", address=(3, 3600))["address"]
    comments = _comments(post, make_reader, allowed + 1)
    statuses = []
    for comment in comments:  # a new account for every report, all from one address
        response = _reader_client(make_reader()).post(
            f"/api/comments/{comment.pk}/report",
            data=json.dumps({"reason": "spam"}),
            content_type="application/json",
        )
        statuses.append(response.status_code)
    assert statuses == [200] * allowed + [429]
    assert int(response["Retry-After"]) > 0 and response.json()["scope"] == "address"
    other = _reader_client(make_reader(), address="198.51.100.2").post(
        f"/api/comments/{comments[0].pk}/report",
        data=json.dumps({"reason": "spam"}),
        content_type="application/json",
    )
    assert other.status_code == 200, "another address is not affected"


def test_the_report_form_answers_a_429_page_with_retry_after(post, make_reader, reader, limit):
    allowed, _seconds = limit("report", account=(1, 3600))["account"]
    comments = _comments(post, make_reader, allowed + 1)
    client = _reader_client(reader)
    for comment in comments[:allowed]:
        assert client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}).status_code == 302
    refused = client.post(f"/comments/{comments[-1].pk}/report/", {"reason": "spam"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_recommendations_are_limited_in_the_api_and_the_form(
    post, make_reader, reader, limit, monkeypatch
):
    allowed, _seconds = limit("recommend", account=(3, 600))["account"]
    comment = _comments(post, make_reader, 1)[0]
    client = _reader_client(reader)
    api = [client.post(f"/api/comments/{comment.pk}/recommend") for _ in range(allowed)]
    assert [r.status_code for r in api] == [200] * allowed
    refused = client.post(f"/api/comments/{comment.pk}/recommend")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    page = client.post(f"/comments/{comment.pk}/recommend/")
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    monkeypatch.setattr(reactions_service, "require_commenter", no_work)
    with pytest.raises(RateLimited):
        toggle_recommendation(reader, comment.pk, ip=ADDRESS)
