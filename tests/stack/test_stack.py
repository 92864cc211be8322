"""`./run stack` end to end: nginx caching in front of two app servers on PostgreSQL and Redis.

One stack per module, started by the real tool on free ports in a temporary data directory;
the last test stops it and proves nothing is left listening. Changes are made by editors and
readers through the app's services (tests/stack/actions.py) and then read through the proxy.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from broadsheet.core import page_cache, proxy_purge, reader_prefs

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import stack as stack_tool  # noqa: E402 (tools/ is not a package)

pytestmark = pytest.mark.stack

NEEDED = [
    Path("/usr/sbin/nginx"),
    Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"),
    Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
    Path("/usr/bin/redis-server"),
    Path("/usr/bin/brotli"),
]
ARTICLE = "/national/politics/six-party-talks-resume-beijing-vladivostok-summit/"
UNPUBLISHED = "/national/politics/foreign-minister-tokyo-talks/"
COMMENTED = "/business/chip-exports-record-september/"
SECTION, HOME = "/national/politics/", "/"
NEW_TITLE = "Six-party talks move to Vladivostok stack check"
COMMENT = "A comment that must reach the proxy at once."
PURGE_WAIT = 5.0
ELSEWHERE = "/culture/busan-film-festival-debut-wins-top-prize/"  # not under RENAMED
RENAMED = "/national/"
NEW_INTRO = "The national desk, introduced afresh for the stack check."
NEW_SECTION_NAME = "Nation stack check"
LOOKUP = "/api/dictionary/talks"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache-Status", "")


@dataclass
class RunningStack:
    env: dict[str, str]
    data_dir: Path
    port: int

    def run(self, verb: str) -> subprocess.CompletedProcess:
        tool = [sys.executable, str(ROOT / "tools" / "stack.py"), verb]
        return subprocess.run(tool, env=self.env, capture_output=True, text=True, check=False)

    def get(self, path: str, *, source: str = "127.0.0.1", port: int = 0, **headers) -> Answer:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port or self.port, timeout=30, source_address=(source, 0)
        )
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read().decode(errors="replace")  # static files come compressed
            return Answer(response.status, response.headers, body)
        finally:
            connection.close()

    def act(self, *actions: list[str]) -> list:
        """Changes made in one app process with the stack's environment (actions.py)."""
        env = stack_tool.Stack.from_env(self.env).app_env()
        env["SECRET_KEY"] = (self.data_dir / "secret_key").read_text().strip()
        done = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "stack" / "actions.py"), json.dumps(actions)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def stack() -> Iterator[RunningStack]:
    missing = [str(path) for path in NEEDED if not path.exists()]
    if missing or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip(
            f"Debian packages for ./run stack missing ({missing}): ./run test installs them"
        )
    # Not pytest's tmp_path: the postgres and www-data users must be able to reach it.
    data_dir = Path(tempfile.mkdtemp(prefix="bs-stack-"))
    data_dir.chmod(0o755)
    index = Path(settings.DATA_DIR) / "lexicon"
    # Built once by ./run test (8 minutes): linked (never written to), copied across disks.
    shutil.copytree(index, data_dir / "lexicon", copy_function=_link_or_copy)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "BROADSHEET_PLAIN_STATIC", "SECRET_KEY"}
    }
    port, app_ports = free_port(), [free_port(), free_port()]
    env.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        STACK_HTTP_PORT=str(port),
        STACK_APP_PORTS=",".join(map(str, app_ports)),
        STACK_PG_PORT=str(free_port()),
        STACK_REDIS_PORT=str(free_port()),
        PAGE_CACHE_SECONDS="300",
        RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS="3/600",
    )
    running = RunningStack(env, data_dir, port)
    started = running.run("start")
    try:
        assert started.returncode == 0, started.stderr[-3000:]
        yield running
    finally:
        running.run("stop")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def changes(stack: RunningStack) -> dict:
    """Pages read into the proxy's cache, then changed by an editor and readers."""
    stack.act(["settle", "300"])  # no job left from the start that would purge a page
    warmed = {}
    for path in (ARTICLE, SECTION, HOME, UNPUBLISHED, COMMENTED):
        stack.get(path)
        warmed[path] = stack.get(path)
    sessions = stack.act(
        ["retitle", ARTICLE, NEW_TITLE],
        ["unpublish", UNPUBLISHED],
        ["comment", COMMENTED, COMMENT],
        ["session", "reader-one"],
        ["session", "reader-two"],
    )[3:]
    # Purges reach the proxy through the stack's page worker (it looks for jobs five times a
    # second). Wait for the three changes to show, at most PURGE_WAIT seconds on a busy
    # machine, and report how long it took.
    acted, shown = time.monotonic(), False
    while not shown and time.monotonic() - acted < PURGE_WAIT:
        shown = (
            NEW_TITLE in stack.get(ARTICLE).body
            and stack.get(UNPUBLISHED).status == 404
            and COMMENT in stack.get(COMMENTED).body
        )
    print(
        f"\nthe changes showed through the proxy {time.monotonic() - acted:.2f} s after the commit"
    )
    return {"warmed": warmed, "sessions": sessions}


@pytest.fixture(scope="module")
def navigation(stack: RunningStack, changes) -> dict:
    """An article of another section read into the proxy; a section's introduction edited
    (which no other section's page shows); then the section renamed (which every page shows)."""
    for _ in range(2):
        before = stack.get(ELSEWHERE)
    stack.act(["edit_section", RENAMED, "intro", NEW_INTRO])
    waited = _wait_for(lambda: NEW_INTRO in stack.get(RENAMED).body)
    after_intro = stack.get(ELSEWHERE)
    stack.act(["edit_section", RENAMED, "title", NEW_SECTION_NAME])
    shown = _wait_for(lambda: f">{NEW_SECTION_NAME}</a>" in stack.get(ELSEWHERE).body)
    print(f"\nthe renamed section showed through the proxy {shown:.2f} s after the commit")
    return {"before": before, "intro_waited": waited, "after_intro": after_intro}


def _wait_for(shown, limit: float = PURGE_WAIT) -> float:
    """Seconds until `shown()` held (read every 10 ms, at most `limit` seconds)."""
    started = time.monotonic()
    while not shown():
        assert time.monotonic() - started < limit, "not shown through the proxy"
        time.sleep(0.01)
    return time.monotonic() - started


def test_start_reports_every_part_healthy(stack):
    """`status` names PostgreSQL, Redis, both app servers and nginx, all healthy."""
    shown = stack.run("status")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    for part in ("postgres", "redis", "app-1", "app-2", "nginx"):
        assert re.search(rf"^{part}\s+\d+\s+127\.0\.0\.1:\d+\s+ok$", shown.stdout, re.M), part
    for part in ("worker-pages", "worker"):
        assert re.search(rf"^{part}\s+\d+\s+-\s+ok$", shown.stdout, re.M), part


def test_anonymous_pages_are_served_by_the_proxy(changes):
    """The second anonymous read of an article, a section and the home page is a proxy hit."""
    assert {path: answer.cache for path, answer in changes["warmed"].items()} == {
        path: "HIT" for path in changes["warmed"]
    }


def test_a_published_edit_reaches_the_proxy_at_once(stack, changes):
    """The new headline shows on the article, its section and the home page at once."""
    for path in (ARTICLE, SECTION, HOME):
        assert NEW_TITLE not in changes["warmed"][path].body
        assert NEW_TITLE in stack.get(path).body, path


def test_every_app_server_shows_the_edit(stack, changes):
    for port in stack_tool.Stack.from_env(stack.env).app_ports:
        assert NEW_TITLE in stack.get(ARTICLE, port=port).body


def test_an_unpublished_article_leaves_the_proxy_at_once(stack, changes):
    assert stack.get(UNPUBLISHED).status == 404
    title = "Foreign minister"
    assert title in changes["warmed"][SECTION].body
    assert title not in stack.get(SECTION).body


def test_a_visible_comment_reaches_the_proxy_at_once(stack, changes):
    assert COMMENT not in changes["warmed"][COMMENTED].body
    assert COMMENT in stack.get(COMMENTED).body


def test_a_renamed_section_reaches_an_article_of_another_section(stack, navigation):
    """Every page shows the navigation: the proxy's copy of another section's article is
    dropped with the site generation, and every app server renders it afresh."""
    assert navigation["before"].cache == "HIT"
    assert f">{NEW_SECTION_NAME}</a>" not in navigation["before"].body
    for port in (stack.port, *stack_tool.Stack.from_env(stack.env).app_ports):
        assert f">{NEW_SECTION_NAME}</a>" in stack.get(ELSEWHERE, port=port).body, port


def test_a_section_introduction_leaves_other_sections_pages_in_the_proxy(navigation):
    """The introduction showed on its section, and the other section's article stayed."""
    assert navigation["after_intro"].cache == "HIT"
    assert navigation["after_intro"].body == navigation["before"].body


def test_logged_in_readers_get_their_own_pages(stack, changes):
    """Never the cached anonymous page, and nothing of theirs is kept for another reader."""
    answers = [stack.get(ARTICLE, Cookie=f"sessionid={key}") for key in changes["sessions"]]
    for answer in answers:
        assert answer.cache == "BYPASS"
        assert "My account" in answer.body
        assert "public" not in answer.headers.get("Cache-Control", "")
    anonymous = stack.get(ARTICLE)
    assert "My account" not in anonymous.body
    assert "csrfmiddlewaretoken" not in anonymous.body


def test_a_reader_with_a_learner_level_gets_the_apps_page_with_its_words(stack):
    """The proxy keeps no page for a chosen level: the app serves the Words to know box."""
    stack.get(ARTICLE)
    chosen = stack.get(ARTICLE, Cookie=f"{reader_prefs.LEVEL_COOKIE}=B1")
    assert chosen.cache == "BYPASS"
    assert "Words to know (B1)" in chosen.body
    assert "Words to know (B1)" not in stack.get(ARTICLE).body


def test_conditional_get_is_answered_304_by_the_proxy(stack):
    first = stack.get(SECTION)
    etag = first.headers["ETag"]
    again = stack.get(SECTION, **{"If-None-Match": etag})
    assert (again.status, again.cache, again.body) == (304, "HIT", "")


def test_static_files_are_fingerprinted_compressed_and_kept_a_year(stack):
    manifest = json.loads((stack.data_dir / "static" / "staticfiles.json").read_text())
    name = manifest["paths"]["core/css/site.css"]
    assert re.search(r"\.[0-9a-f]{12}\.css$", name)
    for encoding in ("br", "gzip"):
        answer = stack.get(f"/static/{name}", **{"Accept-Encoding": encoding})
        assert answer.headers["Content-Encoding"] == encoding
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_app_counts_each_reader_by_their_own_address(stack):
    """Rate limits see the reader's address (nginx's header, from the trusted proxy only)."""
    allowed = 3  # RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS of the stack above
    forged = {"X-Forwarded-For": "192.0.2.9"}  # what a reader writes is not believed
    first = [stack.get(LOOKUP, source="127.0.0.2", **forged).status for _ in range(allowed + 1)]
    other = stack.get(LOOKUP, source="127.0.0.3").status
    assert 429 not in first[:allowed] and first[allowed] == 429
    assert other != 429


def test_readers_cannot_purge_the_proxy(stack):
    connection = http.client.HTTPConnection(
        "127.0.0.1", stack.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    connection.request("PURGE", proxy_purge.PURGE_PREFIX + HOME)
    assert connection.getresponse().status == 403
    connection.close()


def test_the_proxy_keys_pages_as_the_app_does():
    """tools/stack.py's copy of the app's cookie names and values matches the app."""
    assert (stack_tool.THEME_COOKIE, stack_tool.THEMES) == (
        reader_prefs.THEME_COOKIE,
        reader_prefs.THEMES,
    )
    assert (stack_tool.TEXT_COOKIE, stack_tool.TEXT_SIZES) == (
        reader_prefs.TEXT_SIZE_COOKIE,
        reader_prefs.TEXT_SIZES,
    )
    assert stack_tool.SESSION_COOKIE == settings.SESSION_COOKIE_NAME
    assert stack_tool.LEVEL_COOKIE == reader_prefs.LEVEL_COOKIE
    assert stack_tool.LANGUAGE_COOKIE == settings.LANGUAGE_COOKIE_NAME
    # The site generation: where nginx asks the app, the header it reads, where it is purged.
    template = (ROOT / "tools" / "stack" / "nginx.conf").read_text()
    assert f"auth_request {page_cache.SITE_GENERATION_PATH};" in template
    assert f"location = {page_cache.SITE_GENERATION_PATH} {{" in template
    header = page_cache.SITE_GENERATION_HEADER.lower().replace("-", "_")
    assert f"$$upstream_http_{header};" in template
    assert f"location = {proxy_purge.PURGE_SITE} {{" in template


def _alive(pid: int) -> bool:
    """A process that has not ended (a zombie waiting for its parent has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stop_leaves_nothing_running(stack):
    """Last: `stop` ends every process of the pid files and every port is closed."""
    parts = stack_tool.Stack.from_env(stack.env)
    pids = [pid for _, pid, _, _ in stack_tool._health(parts) if pid]
    assert len(pids) == 7  # PostgreSQL, Redis, two app servers, two workers, nginx
    assert stack.run("stop").returncode == 0
    assert not [pid for pid in pids if _alive(pid)]
    assert not [port for port in stack_tool.ports(parts) if stack_tool._port_open(port)]
