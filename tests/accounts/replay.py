"""Replay recorded HTTP exchanges with a provider (tests/accounts/recordings/*.json).

Each recording lists the requests allauth's provider code is expected to make, in order,
and the provider's answers. `replay(recording)` serves them through the `responses`
package, which patches `requests` (allauth talks to providers through a requests session),
and refuses any request that is not in the recording, so nothing reaches the network.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import responses

RECORDINGS = Path(__file__).parent / "recordings"


def load(name: str) -> dict[str, Any]:
    return json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))


def _matcher(expected: dict[str, Any], environment: dict[str, str]):
    """A responses matcher: the request carries the recorded form, query and headers."""

    def match(request) -> tuple[bool, str]:
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode()
        form = dict(parse_qsl(body))
        for key, value in expected.get("form", {}).items():
            if form.get(key) != value:
                return False, f"form field {key}={form.get(key)!r}, recorded {value!r}"
        query = dict(parse_qsl(request.url.partition("?")[2]))
        for key, value in expected.get("query", {}).items():
            if query.get(key) != value:
                return False, f"query {key}={query.get(key)!r}, recorded {value!r}"
        for key, value in expected.get("headers", {}).items():
            if request.headers.get(key) != value:
                return False, f"header {key}={request.headers.get(key)!r}, recorded {value!r}"
        if expected.get("basic_auth"):
            client_id = next(v for k, v in environment.items() if k.endswith("_CLIENT_ID"))
            secret = next(v for k, v in environment.items() if k.endswith("_SECRET"))
            want = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
            if request.headers.get("Authorization") != want:
                return False, "client credentials were not sent with HTTP Basic auth"
        return True, ""

    return match


def replay(recording: dict[str, Any]) -> responses.RequestsMock:
    """A RequestsMock serving the recording; use as a context manager."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=True)
    for exchange in recording["exchanges"]:
        request, response = exchange["request"], exchange["response"]
        mock.add(
            request["method"],
            request["url"],
            json=response["json"],
            status=response["status"],
            match=[_matcher(request, recording["environment"])],
        )
    return mock
