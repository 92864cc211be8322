"""Overlong request lines, headers and paths against the real app server: a 4xx, never a 500.

Header and request-line limits live in the app server, not Django, so the test starts it the
way `./run serve` does (granian, `tools/common.app_server_command`: the whole request head
within 8 KB, at most 100 headers) on a free loopback port with a throw-away data directory
(tests/live_site.py),
and speaks raw HTTP/1.1 to it over a socket so nothing on the client side shortens, encodes
or refuses the request first.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_site import free_port, prepare_site, shared_index, start_app_server, stop

ROOT = Path(__file__).resolve().parents[2]


def send(port: int, raw: bytes, body: bytes = b"") -> int:
    """The status code of the answer to `raw` (sent as is), then `body` if the server waits.

    A server that refuses a body from its Content-Length answers before reading it; sending
    it anyway would make the server's close a reset that can swallow the answer.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw)
        if body:
            sock.settimeout(5)
            try:
                first = sock.recv(4096)
            except TimeoutError:
                first = b""
                sock.settimeout(30)
                sock.sendall(body)
        else:
            first = b""
        answer = first
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1."), answer[:200]
    return int(status_line.split()[1])


def get(port: int, target: bytes, headers: bytes = b"") -> int:
    return send(
        port,
        b"GET "
        + target
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + headers
        + b"Connection: close\r\n\r\n",
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    if not shared_index().is_dir():
        pytest.skip(f"no dictionary index at {shared_index()}; ./run test builds it")
    port = free_port()
    site = prepare_site(tmp_path_factory.mktemp("app-server"), port)
    process = start_app_server(site, port, workers=1, threads=2)
    yield port
    stop(process)


def test_a_request_line_over_the_servers_limit_is_a_4xx(server):
    """The head limit (8,192 bytes, `--http1-buffer-size`): a 9,000-byte path is refused.

    Just over the limit, so the server has read the whole request when it answers (a close
    with unread bytes is a reset that can swallow the answer).
    """
    status = get(server, b"/" + b"a" * 9_000)
    assert 400 <= status < 500


def test_a_long_path_within_the_limit_reaches_the_site_and_is_a_404(server):
    assert get(server, b"/" + b"a/" * 2000) == 404
    assert get(server, b"/api/dictionary/" + b"x" * 4000) < 500


def test_a_header_over_the_servers_limit_is_a_4xx(server):
    """The head limit (8,192 bytes): a 9,000-byte cookie is refused."""
    status = get(server, b"/healthz", b"Cookie: sessionid=" + b"a" * 9_000 + b"\r\n")
    assert 400 <= status < 500


def test_too_many_headers_are_a_4xx(server):
    """At most 100 headers (hyper's limit, under granian): 150 are refused."""
    headers = b"".join(b"X-F%d: x\r\n" % n for n in range(150))
    assert 400 <= get(server, b"/healthz", headers) < 500


def test_invalid_utf8_in_the_raw_path_and_headers_is_not_a_500(server):
    assert get(server, b"/\xff\xfe/") < 500
    assert get(server, b"/search/?q=\xff\xfe") < 500
    assert get(server, b"/", b"Cookie: sessionid=\xff\xfe; django_language=\xe9\r\n") < 500
    assert get(server, b"/", b"Accept-Language: \xff\xfe\r\n") < 500


def test_a_body_over_the_upload_limit_is_a_4xx(server):
    """DATA_UPLOAD_MAX_MEMORY_SIZE (256 KB) on a real socket, JSON and form bodies alike."""
    body = b'{"text": "' + b"a" * 300_000 + b'"}'
    for path, kind in (
        (b"/api/dictionary/my/words", b"application/json"),
        (b"/comments/article/1/", b"application/x-www-form-urlencoded"),
    ):
        head = (
            b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + kind + b"\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
        )
        assert 400 <= send(server, head, body) < 500
