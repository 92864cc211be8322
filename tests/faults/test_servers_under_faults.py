"""Real servers broken under load: SIGKILL, a PostgreSQL restart, Redis stopped.

Each test starts the app server as `./run serve` does (tests/faults/servers.py) with servers
of its own, puts a comment-posting load on it from a few threads through the JSON API with
an idempotency key per comment, breaks something in the middle, and then retries, with the
same keys, every post that got no 2xx. Afterwards every comment acknowledged with a 2xx is
in the database, none twice.
"""

from __future__ import annotations

import collections
import json
import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.faults.servers import (
    Postgres,
    Redis,
    Site,
    make_readers,
    request,
    stored_comments,
    wait_for,
)

pytestmark = pytest.mark.faults

WRITERS = 4
POSTS_PER_WRITER = 40


@dataclass
class Load:
    """Comments posted by WRITERS threads, each as its own reader, one key per comment."""

    site: Site
    readers: dict
    stop: threading.Event = field(default_factory=threading.Event)
    acked: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (text, id)
    unacked: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (writer, text)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    bad: list[str] = field(default_factory=list)  # answers that are neither 2xx nor 503
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, writer: int, key: str, text: str) -> int | None:
        answer = request(
            f"{self.site.url}/api/comments/articles/{self.readers['article']}",
            session=self.readers["sessions"][writer],
            data={"text": text},
            key=key,
        )
        with self.lock:
            self.statuses[answer.status] += 1
            if answer.status is not None and 200 <= answer.status < 300:
                self.acked[key] = (text, json.loads(answer.body)["id"])
                self.unacked.pop(key, None)
            else:
                self.unacked[key] = (writer, text)
                if answer.status is not None and answer.status != 503:
                    self.bad.append(f"{answer.status} {answer.body[:300]!r}")
                if answer.status == 503 and "retry-after" not in answer.headers:
                    self.bad.append("503 without Retry-After")
        return answer.status

    def writer(self, writer: int, pause: float, posts: int) -> None:
        for i in range(posts):
            if self.stop.is_set():
                return
            self.post(writer, f"fault-{writer}-{i:04d}", f"Fault test comment {writer}.{i}.")
            time.sleep(pause)

    def run(self, pause: float = 0.0, posts: int = POSTS_PER_WRITER) -> list[threading.Thread]:
        """WRITERS threads posting `posts` comments each, or until `stop` is set."""
        threads = [
            threading.Thread(target=self.writer, args=(w, pause, posts), daemon=True)
            for w in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        return threads

    def wait_for_acks(self, count: int, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while len(self.acked) < count:
            assert time.monotonic() < deadline, f"only {len(self.acked)} comments acknowledged"
            time.sleep(0.05)

    def retry_unacknowledged(self) -> None:
        """What a client that lost its answers does: the same post, with the same key."""
        for _ in range(5):
            for key, (writer, text) in list(self.unacked.items()):
                self.post(writer, key, text)
            if not self.unacked:
                return
            time.sleep(1)
        raise AssertionError(f"still not acknowledged after retries: {sorted(self.unacked)}")

    def assert_every_ack_stored_once(self) -> None:
        rows = stored_comments(self.site)
        by_key = collections.Counter((author, key) for author, key, _ in rows)
        assert all(n == 1 for n in by_key.values()), "a comment is stored twice"
        stored = {key: text for _, key, text in rows}
        assert len(rows) == len(stored), "two readers' keys collide"
        missing = [key for key in self.acked if key not in stored]
        assert not missing, f"acknowledged but not stored: {missing}"
        assert all(stored[key] == text for key, (text, _) in self.acked.items())
        texts = collections.Counter(text for _, _, text in rows)
        assert all(n == 1 for n in texts.values()), "the same comment is stored twice"
        assert set(stored) == set(self.acked), "a stored comment was never acknowledged"


def test_sigkill_mid_load_loses_no_acknowledged_comment(tmp_path):
    """SQLite (WAL): every process of the server is SIGKILLed while comments are posted."""
    site = Site(tmp_path / "site", {"PAGE_CACHE_SECONDS": "0"})
    site.start()
    try:
        load = Load(site, make_readers(site, WRITERS))
        threads = load.run()
        load.wait_for_acks(WRITERS * 4)
        site.kill()
        for thread in threads:
            thread.join(timeout=120)
        acked_before_restart = dict(load.acked)
        assert load.unacked, "the kill came too late: every post was acknowledged"
        site.start()
        load.retry_unacknowledged()
        # A retried key that had been acknowledged answers with the first comment, not a new one.
        for key, (text, comment_id) in list(acked_before_restart.items())[:WRITERS]:
            writer = int(key.split("-")[1])
            answer = request(
                f"{site.url}/api/comments/articles/{load.readers['article']}",
                session=load.readers["sessions"][writer],
                data={"text": text},
                key=key,
            )
            assert answer.status == 200
            assert json.loads(answer.body)["id"] == comment_id
            assert json.loads(answer.body)["created"] is False
        assert not load.bad, load.bad
        load.assert_every_ack_stored_once()
    finally:
        site.stop()


def test_postgres_restarted_mid_load_answers_503_then_recovers(tmp_path):
    """PostgreSQL stops under load: 503 with Retry-After (never 500), then 2xx once back."""
    postgres = Postgres()
    postgres.start()
    site = Site(
        tmp_path / "site",
        {"DATABASE_URL": postgres.url, "PAGE_CACHE_SECONDS": "0", "DATABASE_RETRY_AFTER": "2"},
    )
    try:
        site.start()
        load = Load(site, make_readers(site, WRITERS))
        pages: collections.Counter = collections.Counter()
        page_bad: list[str] = []

        def read_pages() -> None:
            while not load.stop.is_set():
                for url in (
                    load.readers["url"],
                    f"/api/comments/articles/{load.readers['article']}",
                ):
                    answer = request(site.url + url)
                    pages[answer.status] += 1
                    if answer.status not in (200, 503):
                        page_bad.append(f"{url}: {answer.status}")
                    elif answer.status == 503 and "retry-after" not in answer.headers:
                        page_bad.append(f"{url}: 503 without Retry-After")
                time.sleep(0.05)

        reader = threading.Thread(target=read_pages, daemon=True)
        reader.start()
        threads = load.run(pause=0.1, posts=10_000)  # until stopped below
        load.wait_for_acks(WRITERS * 2)
        postgres.stop("fast")
        before = load.statuses[503]
        deadline = time.monotonic() + 60
        while load.statuses[503] - before < WRITERS or pages[503] < 2:
            assert time.monotonic() < deadline, (load.statuses, pages)
            time.sleep(0.1)
        postgres.start()
        acked_when_back = len(load.acked)
        load.wait_for_acks(acked_when_back + WRITERS, seconds=60)
        load.stop.set()
        for thread in [*threads, reader]:
            thread.join(timeout=60)
        load.retry_unacknowledged()
        assert request(site.url + load.readers["url"]).status == 200
        assert not load.bad, load.bad
        assert not page_bad, page_bad
        assert load.statuses[None] == 0, "the app server stopped answering"
        load.assert_every_ack_stored_once()
    finally:
        site.stop()
        postgres.remove()


def test_redis_stopped_the_site_keeps_serving(tmp_path):
    """Pages (with the page cache on), comments and the dictionary while Redis is down."""
    redis = Redis(tmp_path)
    redis.start()
    site = Site(tmp_path / "site", {"REDIS_URL": redis.url, "PAGE_CACHE_SECONDS": "300"})
    try:
        site.start()
        readers = make_readers(site, 1)
        article, session = readers["article"], readers["sessions"][0]
        urls = ["/", "/national/", readers["url"], "/api/dictionary/economy", "/dictionary/"]

        def everything_answers(round_name: str) -> None:
            for url in urls * 2:  # the second time, from the page cache where it can
                answer = request(site.url + url)
                assert answer.status == 200, (round_name, url, answer.status)
            text = f"Posted with Redis {round_name}."
            posted = request(
                f"{site.url}/api/comments/articles/{article}",
                session=session,
                data={"text": text},
                key=f"redis-{round_name}",
            )
            assert posted.status == 201, (round_name, posted.status, posted.body[:300])
            # The other worker learns of the purge within its generation re-read (a second).
            wait_for(
                lambda: text.encode() in request(site.url + readers["url"]).body,
                f"the comment posted with Redis {round_name} on the article page",
                30,
            )

        everything_answers("up")
        assert redis.keys() > 0, "the site did not use its Redis"
        redis.stop()
        everything_answers("stopped")
        redis.start()
        assert redis.keys() == 0
        # After its rest period (REDIS_RETRY_SECONDS) each worker tries Redis again.
        wait_for(
            lambda: request(site.url + "/").status == 200 and redis.keys() > 0,
            "the site to store pages in the restarted Redis",
            60,
        )
        everything_answers("restarted")
    finally:
        site.stop()
        redis.stop()
