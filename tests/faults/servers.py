"""Servers a fault test starts, breaks and restarts itself: never the suite's shared ones.

Each runs on a free loopback port in the test's temporary directory: the app server as
`./run serve` starts it (its own process group, so SIGKILL reaches every process of it), a
throw-away PostgreSQL cluster, a Redis without persistence. A test skips, saying why, only
when the Debian binaries are missing (`./run test` installs them).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.live_site import ROOT, free_port

PY = sys.executable


def wait_for(check, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _as_postgres(*args: str | Path) -> list[str]:
    command = [str(a) for a in args]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        pytest.skip("PostgreSQL's Debian binaries are missing (./run test installs postgresql)")
    return found[-1].parent


def redis_binary() -> str:
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is missing (./run test installs the Debian package)")
    return binary


class Redis:
    """A Redis of the test's own; stop() and start() again keep its port."""

    def __init__(self, directory: Path) -> None:
        self.binary = redis_binary()
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, "redis-server", 30)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def keys(self) -> int:
        """How many keys the server holds (DBSIZE)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"DBSIZE\r\n")
            reply = sock.recv(64)
        assert reply.startswith(b":"), reply
        return int(reply[1:].split(b"\r\n")[0])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Postgres:
    """A throw-away cluster (fsync off) on a free port; stop() and start() keep its data.

    It lives in a directory of its own under the system's temporary directory, not pytest's
    (which is private to root: the postgres user could not reach it); remove() deletes it.
    """

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.directory = Path(tempfile.mkdtemp(prefix="broadsheet-faults-pg-"))
        self.directory.chmod(0o755)
        self.data = self.directory / "pgdata"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        subprocess.run(
            _as_postgres(
                self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                self.bin / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.directory / "postgres.log",
                "-w",
                "-o",
                options,
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"),
            capture_output=True,
            check=True,
        )

    def remove(self) -> None:
        subprocess.run(
            _as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


PORT_ATTEMPTS = 3


def _port_was_taken(log_path: Path, since: int) -> bool:
    """Whether the server's log, after byte `since`, says its port was in use."""
    with log_path.open("rb") as log:
        log.seek(since)
        return b"Address already in use" in log.read()


@dataclass
class Site:
    """The app server as `./run serve` runs it, in its own process group."""

    data_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "PAGE_CACHE_SECONDS")
        }
        env.update(
            BROADSHEET_DATA_DIR=str(self.data_dir),
            PORT=str(self.port),
            SECRET_KEY="fault-test-secret-key",
            HTTPS="false",
            DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # No local OpenID Connect provider: readers' sessions are made directly.
            SOCIAL_OIDC_SERVER_URL="http://127.0.0.1:9",
            SOCIAL_OIDC_CLIENT_ID="fault-test",
            SOCIAL_OIDC_SECRET="fault-test-secret",
            WEB_CONCURRENCY="2",
            THREADS="4",
            **self.extra_env,
        )
        return env

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        shared_index = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"
        if shared_index.is_dir() and not (self.data_dir / "lexicon").exists():
            (self.data_dir / "lexicon").symlink_to(shared_index, target_is_directory=True)
        for attempt in range(PORT_ATTEMPTS):
            log_path = self.data_dir / "serve.log"
            logged = log_path.stat().st_size if log_path.exists() else 0
            with log_path.open("a") as log:
                self.process = subprocess.Popen(
                    [str(ROOT / "run"), "serve"],
                    env=self.env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                wait_for(self._healthy, f"./run serve on {self.url} (see {log_path})", 600)
                return
            except AssertionError:
                # The port was free when chosen, but `./run serve` prepares the site for up to
                # a minute before binding it, and granian does not wait for a busy port:
                # another process may have taken it meanwhile. Then choose another.
                if attempt + 1 == PORT_ATTEMPTS or not _port_was_taken(log_path, logged):
                    raise
                self.port = free_port()

    def _healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError((self.data_dir / "serve.log").read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL to every process of the server: the run script, the app server and its workers."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        wait_for(lambda: not _group_alive(self.process.pid), "the server's processes to die", 30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None and _group_alive(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)

    def manage(self, *args: str, code: str | None = None) -> str:
        command = [PY, "-m", "broadsheet", *args]
        if code is not None:
            command += ["-c", code]
        result = subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0:
            raise AssertionError(f"manage {args} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# Readers with sessions of their own, limits lifted: the fault tests count, not moderate.
READERS = """
import json
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from broadsheet.newsroom.services import find_section
from broadsheet.talk.models import Commenter, ModerationSettings
cfg = ModerationSettings.load()
cfg.hold_first_comments = 0; cfg.account_limit = 10000; cfg.ip_limit = 10000; cfg.save()
article = find_section("national/politics").articles().first()
sessions = []
for i in range(%d):
    user, _ = get_user_model().objects.get_or_create(username=f"fault-reader-{i}")
    Commenter.objects.get_or_create(user=user, defaults={
        "display_name": f"Fault reader {i}", "accepted_policy_at": timezone.now()})
    s = SessionStore(); s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    sessions.append(s.session_key)
print(json.dumps({"article": article.pk, "url": article.url, "sessions": sessions}))
"""

# Every stored comment of the fault readers, by (author, idempotency key).
STORED = """
import json
from broadsheet.talk.models import Comment
rows = Comment.objects.filter(author__username__startswith="fault-reader-")
print(json.dumps([[r.author.username, r.idempotency_key, r.text] for r in rows.select_related("author")]))
"""


def make_readers(site: Site, count: int) -> dict:
    return json.loads(site.manage("shell", code=READERS % count).strip().splitlines()[-1])


def stored_comments(site: Site) -> list[tuple[str, str, str]]:
    rows = json.loads(site.manage("shell", code=STORED).strip().splitlines()[-1])
    return [tuple(row) for row in rows]


CSRF = "f" * 32  # any well-formed secret: the cookie and the header only have to agree


@dataclass
class Answer:
    status: int | None  # None: no answer at all (connection refused or reset)
    headers: dict[str, str]  # names in lower case (granian sends them so; HTTP ignores case)
    body: bytes


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def request(
    url: str,
    *,
    session: str | None = None,
    data: dict | None = None,
    key: str | None = None,
    timeout: float = 30,
) -> Answer:
    """One HTTP request as a reader's browser would send it (session and CSRF cookies)."""
    headers = {"Accept": "application/json"}
    cookies = [f"csrftoken={CSRF}"]
    if session:
        cookies.append(f"sessionid={session}")
    headers["Cookie"] = "; ".join(cookies)
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers.update({"Content-Type": "application/json", "X-CSRFToken": CSRF})
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, _lower(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _lower(error.headers), error.read())
    except (OSError, http.client.HTTPException):
        return Answer(None, {}, b"")
