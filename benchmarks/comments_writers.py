"""50 concurrent writers posting comments to SQLite in WAL mode through the real app server.

    python benchmarks/comments_writers.py [--writers 50] [--seconds 30] [--workers 4]

Prepares a fresh data directory (migrate, demo content), starts the app server (granian),
gives each writer its own reader account and session, lifts the rate limits and the
first-comment hold, and lets every writer post unique comments through POST
/api/comments/articles/<id> for the given time. One writer in ten also retries each post
with the same Idempotency-Key, as a client that lost the answer would. Meanwhile a probe
thread times GET /healthz (a plain SELECT 1). At the end every 2xx is counted against the
rows in the database: lost or duplicated comments, and any non-2xx answer ("database is
locked" included), are errors.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
sys.path.insert(0, str(ROOT / "tools"))
from common import app_server_command  # noqa: E402 (tools/ is not a package)

SETUP = """
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
for i in range({n}):
    user, _ = get_user_model().objects.get_or_create(username=f"bench-writer-{{i}}")
    Commenter.objects.get_or_create(user=user, defaults={{
        "display_name": f"Bench writer {{i}}", "accepted_policy_at": timezone.now()}})
    s = SessionStore(); s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    sessions.append([user.pk, s.session_key])
print(json.dumps({{"article": article.pk, "sessions": sessions}}))
"""

COUNT = """
import json
from django.db.models import Count
from broadsheet.talk.models import Comment
rows = Comment.objects.filter(author__username__startswith="bench-writer-")
dupes = rows.values("author", "idempotency_key").annotate(n=Count("pk")).filter(n__gt=1).count()
keys = list(rows.values_list("idempotency_key", flat=True))
print(json.dumps({"rows": rows.count(), "keys": keys, "dupes": dupes}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    result = subprocess.run(
        [PY, "-m", "broadsheet", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage {args[:1]} failed:\n{result.stderr}")
    return result.stdout


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="bench-comments-"))
    port = free_port()
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "SECRET_KEY": "bench-secret",
        "HTTPS": "false",
        "DEBUG": "false",
        "BROADSHEET_PLAIN_STATIC": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
    }
    print(f"preparing {data_dir} ...", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    setup = json.loads(
        manage(env, "shell", "-c", SETUP.format(n=args.writers)).strip().splitlines()[-1]
    )
    server = subprocess.Popen(
        app_server_command("127.0.0.1", str(port), str(args.workers), str(args.threads)),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(data_dir / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        results = run(base, setup, args)
    finally:
        server.terminate()
        server.wait(timeout=20)
    stored = json.loads(manage(env, "shell", "-c", COUNT).strip().splitlines()[-1])
    report(results, stored, args)


def run(base: str, setup: dict, args) -> dict:
    url = f"{base}/api/comments/articles/{setup['article']}"
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()
    posts: list[float] = []
    probes: list[float] = []
    errors: list[str] = []
    acknowledged: set[str] = set()
    created = 0
    replays = 0

    def post(session_key: str, csrf: str, key: str, text: str):
        body = json.dumps({"text": text}).encode()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "X-CSRFToken": csrf,
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            },
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
            detail = error.read()[:200].decode(errors="replace")
            return time.perf_counter() - started, status, detail
        except OSError as error:
            return time.perf_counter() - started, 0, str(error)
        return time.perf_counter() - started, status, ""

    def writer(index: int, session_key: str):
        nonlocal created, replays
        csrf = secrets.token_hex(16)
        n = 0
        while time.monotonic() < stop:
            key = uuid.uuid4().hex
            text = f"Writer {index} comment {n}: {uuid.uuid4().hex[:12]}"
            elapsed, status, detail = post(session_key, csrf, key, text)
            with lock:
                posts.append(elapsed)
                if 200 <= status < 300:
                    acknowledged.add(key)
                    created += status == 201
                else:
                    errors.append(f"{status} {detail}")
            if index % 10 == 0 and 200 <= status < 300:
                _e, status2, detail2 = post(session_key, csrf, key, text)
                with lock:
                    replays += 1
                    if status2 != 200:
                        errors.append(f"replay {status2} {detail2}")
            n += 1

    def probe():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                urllib.request.urlopen(base + "/healthz", timeout=60).read()
                with lock:
                    probes.append(time.perf_counter() - started)
            except OSError as error:
                with lock:
                    errors.append(f"healthz {error}")
            time.sleep(0.05)

    threads = [
        threading.Thread(target=writer, args=(i, key))
        for i, (_pk, key) in enumerate(setup["sessions"])
    ]
    threads.append(threading.Thread(target=probe))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "posts": posts,
        "probes": probes,
        "errors": errors,
        "acknowledged": acknowledged,
        "created": created,
        "replays": replays,
    }


def report(r: dict, stored: dict, args) -> None:
    keys = set(stored["keys"])
    lost = r["acknowledged"] - keys
    print(f"writers={args.writers} seconds={args.seconds:g} granian {args.workers}x{args.threads}")
    print(
        f"posts answered: {len(r['posts'])} ({len(r['posts']) / args.seconds:.0f}/s), "
        f"2xx acknowledged comments: {len(r['acknowledged'])}, "
        f"idempotent replays: {r['replays']}"
    )
    print(
        f"rows stored: {stored['rows']}, lost: {len(lost)}, duplicated keys: {stored['dupes']}, "
        f"rows without an acknowledgement: {len(keys - r['acknowledged'])}"
    )
    print(f"errors: {len(r['errors'])}" + (f" e.g. {r['errors'][:3]}" if r["errors"] else ""))
    for name, values in (("POST comment", r["posts"]), ("GET /healthz (SELECT 1)", r["probes"])):
        print(
            f"{name:26s} p50 {statistics.median(values) * 1000:7.1f} ms   "
            f"p99 {percentile(values, 99) * 1000:7.1f} ms   n={len(values)}"
        )
    ok = not r["errors"] and not lost and stored["dupes"] == 0
    print("RESULT:", "ok" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
