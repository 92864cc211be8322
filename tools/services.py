"""PostgreSQL and Redis servers on loopback: throw-away ones for the test suite, and the
start/stop steps that `./run stack` uses for its own (tools/stack.py).

The test suite's servers live in a directory outside the checkout (the postgres user must be
able to reach it), listen on 127.0.0.1 only, keep nothing durable (fsync off, no Redis
persistence) and are stopped when the `with` block ends.
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


def pg_bin() -> Path:
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]


def as_postgres(*args: str | Path) -> list[str]:
    """A command run as the postgres user when we are root (PostgreSQL refuses root)."""
    command = [str(a) for a in args]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_running(pgdata: Path) -> bool:
    status = subprocess.run(
        as_postgres(pg_bin() / "pg_ctl", "-D", pgdata, "status"), capture_output=True, check=False
    )
    return status.returncode == 0


def start_postgres(
    pgdata: Path, port: str, socket_dir: Path, log: Path, *, durable: bool = True
) -> None:
    """Make the cluster once (trust auth on loopback), then start it unless it runs."""
    if os.geteuid() == 0:
        for folder in (pgdata.parent, socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
            run("chown", "postgres", folder)
    if not (pgdata / "PG_VERSION").exists():
        run(
            *as_postgres(
                pg_bin() / "initdb", "-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8"
            ),
            stdout=subprocess.DEVNULL,
        )
    if postgres_running(pgdata):
        return
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1"
    options += "" if durable else " -c fsync=off"
    run(
        *as_postgres(pg_bin() / "pg_ctl", "-D", pgdata, "-l", log, "-w", "-o", options, "start"),
        stdout=subprocess.DEVNULL,
    )


def stop_postgres(pgdata: Path) -> None:
    subprocess.run(
        as_postgres(pg_bin() / "pg_ctl", "-D", pgdata, "-m", "fast", "-w", "stop"),
        capture_output=True,
        check=False,
    )


def start_redis(port: str, pidfile: Path, log: Path, *, extra: tuple[str, ...] = ()) -> None:
    """A daemonised redis-server on 127.0.0.1 without persistence (a cache only)."""
    run(
        "redis-server",
        "--port",
        port,
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--pidfile",
        pidfile,
        "--logfile",
        log,
        *extra,
        stdout=subprocess.DEVNULL,
    )


def stop_redis(pidfile: Path) -> None:
    if pidfile.exists():
        subprocess.run(["kill", pidfile.read_text().strip()], capture_output=True, check=False)


@contextmanager
def test_services() -> Iterator[dict[str, str]]:
    """Start both servers; yields the environment variables the tests read."""
    ensure_debian("postgresql", "redis-server")
    SERVICES_DIR.mkdir(parents=True, exist_ok=True)
    pgdata = SERVICES_DIR / "pgdata"
    pg_port = os.environ.get("TEST_PG_PORT", "54329")
    redis_port = os.environ.get("TEST_REDIS_PORT", "63799")
    start_postgres(pgdata, pg_port, SERVICES_DIR, SERVICES_DIR / "postgres.log", durable=False)
    start_redis(redis_port, SERVICES_DIR / "redis.pid", SERVICES_DIR / "redis.log")
    try:
        yield {
            "BROADSHEET_TEST_POSTGRES_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
            "BROADSHEET_TEST_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }
    finally:
        stop_postgres(pgdata)
        stop_redis(SERVICES_DIR / "redis.pid")
