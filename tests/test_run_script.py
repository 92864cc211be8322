"""The `run` script: `./run serve` sets up once, serves with granian, and starts again quickly."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_until_healthy(data_dir: Path) -> tuple[str, int]:
    """Start ./run serve, wait for /healthz, stop it with Ctrl-C; return output and exit code."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(BROADSHEET_DATA_DIR=str(data_dir), PORT=str(port), OIDC_PORT=str(free_port()))
    process = subprocess.Popen(
        [str(ROOT / "run"), "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "./run serve did not come up"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/national/politics/") as r:
            assert r.status == 200
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    return output, process.returncode


def article_count(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "broadsheet.sqlite3") as db:
        return db.execute("SELECT count(*) FROM newsroom_articlepage").fetchone()[0]


@pytest.mark.browser
def test_serve_twice_reuses_everything_and_stops_cleanly(tmp_path):
    shared_lexicon = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"
    if shared_lexicon.is_dir():
        (tmp_path / "lexicon").symlink_to(shared_lexicon, target_is_directory=True)
    first, code = serve_until_healthy(tmp_path)
    assert code == 0, first
    assert "articles published" in first
    assert "Starting granian" in first and "Started worker-1" in first, "served by granian"
    count = article_count(tmp_path)
    assert count >= 24
    with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    secret = (tmp_path / "secret_key").read_text()
    second, code = serve_until_healthy(tmp_path)
    assert code == 0, second
    assert "installing" not in second
    assert "articles already present" in second
    assert article_count(tmp_path) == count
    assert (tmp_path / "secret_key").read_text() == secret, "the demo's secret key is kept"
