"""A bounded flood on loopback: two real app servers share one Redis, and the rate limits hold.

Two app servers (granian, as `./run serve` starts one: `broadsheet.wsgi`, preloaded, two workers
each) use the same SQLite database and this test's own Redis. One client address
(127.0.0.2: on Linux every 127.x.y.z is loopback) floods the dictionary API, reports and
recommendations, alternating between the servers. Exactly the configured number of requests
pass, whichever server and worker they reach, and the rest answer 429 with Retry-After;
meanwhile a reader at another address reads an article and posts a comment. A few hundred
requests in all; nothing is timed.
"""

from __future__ import annotations

import http.client
import json
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live_site import free_port, prepare_site, start_app_server, stop

FLOODER = "127.0.0.2"
READER = "127.0.0.3"
# The servers' limits (their settings, from the environment): low, so a bounded flood
# reaches them; windows long enough that none ends during the test.
LIMITS = {
    "RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS": "40/3600",
    "RATE_LIMIT_REPORT_ACCOUNT": "4/3600",
    "RATE_LIMIT_REPORT_ADDRESS": "6/3600",
    "RATE_LIMIT_RECOMMEND_ACCOUNT": "off",
    "RATE_LIMIT_RECOMMEND_ADDRESS": "10/3600",
}


def _limit(name: str) -> int:
    return int(LIMITS[name].split("/")[0])


SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils import timezone
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.models import Comment, CommentStatus, Commenter, ModerationSettings

config = ModerationSettings.load()
config.hold_first_comments = 0
config.report_threshold = 100
config.save()
article = ArticlePage.objects.live().public().order_by("-pk").first()
User = get_user_model()
store = import_module(settings.SESSION_ENGINE).SessionStore

def reader(name):
    user = User.objects.create_user(name, email=name + "@example.org")
    Commenter.objects.create(user=user, display_name=name, accepted_policy_at=timezone.now())
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key

author = User.objects.create_user("flood-author")
Commenter.objects.create(user=author, display_name="Author", accepted_policy_at=timezone.now())
comments = [
    Comment.objects.create(
        article=article, author=author, text=f"Comment {i} under flood",
        status=CommentStatus.PUBLISHED, idempotency_key=f"flood-{i:04d}",
    ).pk
    for i in range(24)
]
print(json.dumps({
    "article": article.pk,
    "article_url": article.get_url(),
    "comments": comments,
    "flooders": [reader(f"flooder{i}") for i in range(6)],
    "reader": reader("calm-reader"),
}))
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case (granian sends them so; HTTP ignores case)
    body: bytes

    def json(self):
        return json.loads(self.body)


class Visitor:
    """An HTTP client with a fixed loopback source address and perhaps a logged-in session."""

    def __init__(self, address: str, session: str | None = None) -> None:
        self.address = address
        self.csrf = secrets.token_hex(16)
        self.cookies = f"csrftoken={self.csrf}" + (f"; sessionid={session}" if session else "")

    def request(self, url: str, method: str = "GET", path: str = "/", body=None) -> Answer:
        host, port = url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(
            host, int(port), timeout=60, source_address=(self.address, 0)
        )
        headers = {"Cookie": self.cookies, "X-CSRFToken": self.csrf}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, headers, response.read())
        finally:
            conn.close()


def _loopback_alias_works() -> bool:
    try:
        with socket.socket() as sock:
            sock.bind((FLOODER, 0))
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """This test's own Redis on a free port, in a temporary directory."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.skip("redis-server is not installed (./run test installs Debian's redis-server)")
    if not _loopback_alias_works():
        pytest.skip(f"cannot bind a socket to {FLOODER} (needs Linux's 127.0.0.0/8 loopback)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=(folder / "redis.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError((folder / "redis.log").read_text())
    yield f"redis://127.0.0.1:{port}/0"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)


@dataclass
class Cluster:
    urls: list[str]
    data: dict


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, redis_url) -> Iterator[Cluster]:
    """Two app servers over one data directory and one Redis, with readers and comments."""
    data_dir = tmp_path_factory.mktemp("flood-site")
    ports = [free_port(), free_port()]
    extra = {**LIMITS, "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": f"flood-{ports[0]}"}
    site = prepare_site(data_dir, ports[0], extra)
    data = json.loads(site.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    servers = []
    try:
        for port in ports:
            # As tools/serve.py starts it (its command, not its set-up): preloaded, two workers.
            servers.append(start_app_server(site, port, workers=2, threads=2))
        yield Cluster(urls=[f"http://127.0.0.1:{port}" for port in ports], data=data)
    finally:
        for process in servers:
            stop(process)


def _alternating(cluster: Cluster, n: int, send) -> list[Answer]:
    """n requests, sent to the two servers in turn: send(url, i) -> Answer."""
    return [send(cluster.urls[i % 2], i) for i in range(n)]


def _refusals_are_proper(answers: list[Answer]) -> None:
    for answer in answers:
        assert answer.status == 429, answer.body[:300]
        assert int(answer.headers["retry-after"]) > 0
        assert answer.json()["code"] == "rate_limited"


def _the_calm_reader_still_reads_and_comments(cluster: Cluster, round_: int) -> None:
    reader = Visitor(READER, cluster.data["reader"])
    url = cluster.urls[round_ % 2]
    page = reader.request(url, path=cluster.data["article_url"])
    assert page.status == 200
    lookup = reader.request(url, path="/api/dictionary/harbour")
    assert lookup.status == 200
    posted = reader.request(
        url,
        "POST",
        f"/api/comments/articles/{cluster.data['article']}",
        {
            "text": f"A calm comment during the flood, round {round_}.",
            "idempotency_key": secrets.token_hex(8),
        },
    )
    assert 200 <= posted.status < 300, posted.body[:300]


def test_dictionary_lookups_from_one_address_stop_at_the_shared_limit(cluster):
    limit = _limit("RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS")
    flooder = Visitor(FLOODER)
    answers = _alternating(
        cluster, 3 * limit, lambda url, i: flooder.request(url, path="/api/dictionary/harbour")
    )
    # Counted together: each server alone (or each of its workers) would let `limit` through.
    assert [a.status for a in answers[:limit]] == [200] * limit
    _refusals_are_proper(answers[limit:])
    _the_calm_reader_still_reads_and_comments(cluster, 0)


def test_reports_stop_at_the_address_limit_and_at_the_account_limit(cluster):
    comments = iter(cluster.data["comments"])
    flooders = cluster.data["flooders"]
    per_address = _limit("RATE_LIMIT_REPORT_ADDRESS")
    per_account = _limit("RATE_LIMIT_REPORT_ACCOUNT")

    def report(visitor: Visitor, url: str) -> Answer:
        path = f"/api/comments/{next(comments)}/report"
        return visitor.request(url, "POST", path, {"reason": "spam"})

    # Five accounts from one address, two reports each: no account reaches its own limit.
    same_address = [Visitor(FLOODER, session) for session in flooders[:5]]
    answers = _alternating(cluster, 10, lambda url, i: report(same_address[i // 2], url))
    assert [a.status for a in answers[:per_address]] == [200] * per_address
    _refusals_are_proper(answers[per_address:])
    assert {a.json()["scope"] for a in answers[per_address:]} == {"address"}
    # One account from a new address for every report.
    one_account = _alternating(
        cluster,
        per_account + 2,
        lambda url, i: report(Visitor(f"127.0.1.{i + 1}", flooders[5]), url),
    )
    assert [a.status for a in one_account[:per_account]] == [200] * per_account
    _refusals_are_proper(one_account[per_account:])
    assert {a.json()["scope"] for a in one_account[per_account:]} == {"account"}
    _the_calm_reader_still_reads_and_comments(cluster, 1)


def test_recommendations_from_one_address_stop_at_the_shared_limit(cluster):
    limit = _limit("RATE_LIMIT_RECOMMEND_ADDRESS")
    flooder = Visitor(FLOODER, cluster.data["flooders"][0])
    comment = cluster.data["comments"][-1]
    answers = _alternating(
        cluster,
        2 * limit,
        lambda url, i: flooder.request(url, "POST", f"/api/comments/{comment}/recommend"),
    )
    assert [a.status for a in answers[:limit]] == [200] * limit
    _refusals_are_proper(answers[limit:])
    _the_calm_reader_still_reads_and_comments(cluster, 2)
