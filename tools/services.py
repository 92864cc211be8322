"""Throw-away PostgreSQL and Redis servers on loopback for the test suite.

They live in a directory outside the checkout (the postgres user must be able to reach it),
listen on 127.0.0.1 only, keep nothing durable (fsync off, no Redis persistence) and are
stopped when the `with` block ends.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import ensure_debian, run

SERVICES_DIR = Path(tempfile.gettempdir()) / f"broadsheet-test-services-{os.getuid()}"


def _pg_bin() -> Path:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]


def _as_postgres(*args: str | Path) -> list[str]:
    command = [str(a) for a in args]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def test_services() -> Iterator[dict[str, str]]:
    """Start both servers; yields the environment variables the tests read."""
    ensure_debian("postgresql", "redis-server")
    SERVICES_DIR.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        run("chown", "postgres", SERVICES_DIR)
    pgdata, pg_bin = SERVICES_DIR / "pgdata", _pg_bin()
    pg_port = os.environ.get("TEST_PG_PORT", "54329")
    redis_port = os.environ.get("TEST_REDIS_PORT", "63799")
    if not (pgdata / "PG_VERSION").exists():
        run(
            *_as_postgres(
                pg_bin / "initdb", "-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8"
            ),
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        _as_postgres(pg_bin / "pg_ctl", "-D", pgdata, "status"), capture_output=True, check=False
    )
    if status.returncode != 0:
        options = f"-p {pg_port} -k {SERVICES_DIR} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(
            *_as_postgres(
                pg_bin / "pg_ctl",
                "-D",
                pgdata,
                "-l",
                SERVICES_DIR / "postgres.log",
                "-w",
                "-o",
                options,
                "start",
            ),
            stdout=subprocess.DEVNULL,
        )
    run(
        "redis-server",
        "--port",
        redis_port,
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--pidfile",
        SERVICES_DIR / "redis.pid",
        "--logfile",
        SERVICES_DIR / "redis.log",
        stdout=subprocess.DEVNULL,
    )
    try:
        yield {
            "BROADSHEET_TEST_POSTGRES_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
            "BROADSHEET_TEST_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
    finally:
        subprocess.run(
            _as_postgres(pg_bin / "pg_ctl", "-D", pgdata, "-m", "fast", "stop"),
            capture_output=True,
            check=False,
        )
        pidfile = SERVICES_DIR / "redis.pid"
        if pidfile.exists():
            subprocess.run(["kill", pidfile.read_text().strip()], capture_output=True, check=False)
