"""./run stack [start|status|stop]: the production shape of Broadsheet on this machine.

`start` (the default) installs what it needs from Debian and starts, on loopback and under
the data directory ($BROADSHEET_DATA_DIR/stack/): PostgreSQL, Redis, the app servers
(separate granian servers on their own ports; the list APP_PROCESSES is data, so another
process such as a task worker is one more entry) and nginx in front of them, caching
reader pages and serving the static files. It prepares the database as `./run serve` does
(migrations, demo content) and prints the address to open. `status` shows each part's
health (exit status 1 when one is not healthy); `stop` stops exactly the processes named
by the stack's pid files and waits until their ports are closed.

Ports and sizes come from the environment (defaults chosen not to meet ./run serve's 8000
or the test suite's 54329/63799): STACK_HTTP_PORT (8480), STACK_APP_PORTS ("8481,8482":
one app server per port), STACK_PG_PORT (54480), STACK_REDIS_PORT (63880),
STACK_APP_WORKERS (1 worker per app server) and STACK_APP_THREADS (4),
STACK_NGINX_WORKERS (2), STACK_PURGE_ALLOW (addresses that may purge, "127.0.0.1").
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import serve
import services
from common import (
    ROOT,
    app_server_command,
    base_env,
    ensure_debian,
    ensure_secret_key,
    ensure_venv,
    run,
    say,
    venv_bin,
)

DEBIAN = (
    "nginx",
    "libnginx-mod-http-cache-purge",
    "libnginx-mod-http-brotli-static",
    "brotli",
    "postgresql",
    "redis-server",
)
HOST = "127.0.0.1"
DATABASE = "broadsheet"
DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = 'broadsheet'"
TEMPLATES = ROOT / "tools" / "stack"
# What nginx must know of the app to key its cache as the app's page cache does
# (core/reader_prefs.py, settings.LANGUAGES, Django's cookie names); tests/stack checks
# that these match the app.
THEME_COOKIE, THEMES = "bs_theme", ("system", "light", "dark")
TEXT_COOKIE, TEXT_SIZES = "bs_text", ("standard", "large", "larger")
SESSION_COOKIE, LANGUAGE_COOKIE = "sessionid", "django_language"
# A reader who chose a learner level ("Words to know") is served by the app (whose page cache
# keys the level); the proxy keeps only pages without one.
LEVEL_COOKIE = "bs_level"
# Files worth a brotli copy beside whitenoise's gzip one (text formats, not images/fonts).
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".html", ".txt", ".json", ".xml", ".map", ".ico"}


@dataclass(frozen=True)
class Stack:
    """Where everything lives and listens, from the environment."""

    data_dir: Path
    http_port: int
    app_ports: tuple[int, ...]
    pg_port: int
    redis_port: int
    languages: tuple[str, ...]
    env: dict[str, str] = field(repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Stack:
        return cls(
            data_dir=Path(env["BROADSHEET_DATA_DIR"]).resolve(),
            http_port=int(env.get("STACK_HTTP_PORT", "8480")),
            app_ports=tuple(int(p) for p in env.get("STACK_APP_PORTS", "8481,8482").split(",")),
            pg_port=int(env.get("STACK_PG_PORT", "54480")),
            redis_port=int(env.get("STACK_REDIS_PORT", "63880")),
            languages=tuple(
                code.strip().lower()
                for code in env.get("BROADSHEET_LANGUAGES", "en,ko").split(",")
                if code.strip()
            ),
            env=env,
        )

    @property
    def root(self) -> Path:
        return self.data_dir / "stack"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def pgdata(self) -> Path:
        return self.root / "pg" / "data"

    @property
    def nginx_dir(self) -> Path:
        return self.root / "nginx"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    def app_env(self) -> dict[str, str]:
        """The environment of every app process: PostgreSQL, Redis, behind the proxy."""
        env = dict(self.env)
        env.update(
            DATABASE_URL=f"postgres://postgres@{HOST}:{self.pg_port}/{DATABASE}",
            REDIS_URL=f"redis://{HOST}:{self.redis_port}/0",
            BEHIND_PROXY="true",
            TRUSTED_PROXIES=HOST,
            PROXY_PURGE_URLS=self.url,
            TASKS_BACKEND="database",  # jobs run in the stack's workers
        )
        env.setdefault("SITE_URL", self.url)
        return env


@dataclass(frozen=True)
class AppProcess:
    """A process of the app started in the background with the app's environment."""

    name: str
    command: Callable[[Stack], list[str]]
    port: int | None = None  # answers GET /healthz there when set

    def pidfile(self, stack: Stack) -> Path:
        return stack.root / f"{self.name}.pid"


def _app_server(port: int) -> Callable[[Stack], list[str]]:
    def command(stack: Stack) -> list[str]:
        env = stack.env
        return app_server_command(
            HOST,
            str(port),
            env.get("STACK_APP_WORKERS", "1"),
            env.get("STACK_APP_THREADS", "4"),
        )

    return command


def _worker(queues: str, interval: str) -> Callable[[Stack], list[str]]:
    def command(stack: Stack) -> list[str]:
        run_worker = ["-m", "broadsheet", "run_worker", "--queues", queues]
        return [venv_bin("python"), *run_worker, "--interval", interval]

    return command


def app_processes(stack: Stack) -> list[AppProcess]:
    """Every app process of the stack: one app server (granian) per app port, and the background
    workers (core.background): one for page jobs (purges, scheduled publishing), which looks
    for work five times a second so that a purge reaches the proxy within a second, and one
    for e-mail and the rest."""
    return [
        *(
            AppProcess(f"app-{number}", _app_server(port), port)
            for number, port in enumerate(stack.app_ports, start=1)
        ),
        AppProcess("worker-pages", _worker("pages", "0.2")),
        AppProcess("worker", _worker("default,mail", "1")),
    ]


# --- Processes by pid file --------------------------------------------------------------


def _pid(pidfile: Path, program: str) -> int | None:
    """The live process the pid file names, if it is still `program` (not a reused pid)."""
    try:
        pid = int(pidfile.read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (OSError, ValueError, IndexError):
        return None
    return pid if program in cmdline else None


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        _reap(pid)
        time.sleep(0.05)
    return False


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # our own child when start and stop share a process


def _stop_pid(pidfile: Path, program: str, sig: signal.Signals = signal.SIGTERM) -> None:
    pid = _pid(pidfile, program)
    if pid is not None:
        # Started in a session of its own: its group is the process and its workers.
        group = os.getpgid(pid) == pid
        (os.killpg if group else os.kill)(pid, sig)
        if not _wait_gone(pid, 20):
            (os.killpg if group else os.kill)(pid, signal.SIGKILL)
            _wait_gone(pid, 5)
    pidfile.unlink(missing_ok=True)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def _get(port: int, path: str, timeout: float = 5) -> int:
    """The status of GET path on the port, 0 when nothing answers."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def _wait_until(check: Callable[[], bool], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            sys.exit(f"stack: {what} did not come up within {seconds:.0f} s (see the logs)")
        time.sleep(0.2)


# --- Start ------------------------------------------------------------------------------


def _start_database(stack: Stack) -> None:
    pg_dir = stack.pgdata.parent
    # Its log beside its data: the postgres user writes it.
    services.start_postgres(stack.pgdata, str(stack.pg_port), pg_dir, pg_dir / "postgres.log")
    psql = [services.pg_bin() / "psql", "-h", HOST, "-p", str(stack.pg_port), "-U", "postgres"]
    exists = subprocess.run(
        [*map(str, psql), "-tAc", DATABASE_EXISTS],
        capture_output=True,
        text=True,
        check=False,
    )
    if exists.stdout.strip() != "1":
        run(*psql, "-qc", f"CREATE DATABASE {DATABASE}")


def _compress_static(static_root: Path) -> None:
    """A brotli copy of each text file that has none (whitenoise writes the gzip copies)."""
    todo = [
        path
        for path in static_root.rglob("*")
        if path.suffix in COMPRESSIBLE
        and path.is_file()
        and not path.with_name(path.name + ".br").exists()
    ]
    for start in range(0, len(todo), 200):
        run("brotli", "-k", "-f", "-q", "11", "--", *todo[start : start + 200])


def _start_app(stack: Stack, process: AppProcess, env: dict[str, str]) -> None:
    if _pid(process.pidfile(stack), "broadsheet") is not None:
        return
    log = open(stack.logs / f"{process.name}.log", "ab")  # noqa: SIM115 (the child keeps it)
    child = subprocess.Popen(
        process.command(stack),
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    process.pidfile(stack).write_text(f"{child.pid}\n")


def _nginx_config(stack: Stack) -> str:
    as_root = os.geteuid() == 0
    alternatives = "|".join(stack.languages)
    fields = {
        "user_line": "user www-data;" if as_root else "# (not root: workers run as this user)",
        "workers": stack.env.get("STACK_NGINX_WORKERS", "2"),
        "pid_file": stack.nginx_dir / "nginx.pid",
        "log_dir": stack.logs,
        "nginx_dir": stack.nginx_dir,
        "static_root": stack.data_dir / "static",
        "listen": f"{HOST}:{stack.http_port}",
        "upstream_servers": "\n".join(
            f"        server {HOST}:{port} max_fails=3 fail_timeout=5s;" for port in stack.app_ports
        ),
        "purge_allow": "\n".join(
            f"            allow {a.strip()};"
            for a in stack.env.get("STACK_PURGE_ALLOW", HOST).split(",")
        ),
        "session_cookie": SESSION_COOKIE,
        "level_cookie": LEVEL_COOKIE,
        "language_cookie": LANGUAGE_COOKIE,
        "language_cookie_map": "\n".join(f"        {c} {c};" for c in stack.languages),
        "language_alternatives": alternatives,
        "language_key_map": "\n".join(f'        "~*^{c}$" {c};' for c in stack.languages),
        "default_language": stack.languages[0],
        "theme_cookie": THEME_COOKIE,
        "theme_map": "\n".join(f"        {t} {t};" for t in THEMES),
        "default_theme": THEMES[0],
        "text_cookie": TEXT_COOKIE,
        "text_map": "\n".join(f"        {t} {t};" for t in TEXT_SIZES),
        "default_text": TEXT_SIZES[0],
    }
    text = (TEMPLATES / "nginx.conf").read_text()
    # Filled twice: the fields themselves may hold $$ (an nginx variable's dollar).
    return string.Template(text.replace("$$", "\0")).substitute(fields).replace("\0", "$")


def _start_nginx(stack: Stack) -> None:
    pidfile = stack.nginx_dir / "nginx.pid"
    if _pid(pidfile, "nginx") is not None:
        return
    shutil.copy(TEMPLATES / "proxy_headers.conf", stack.nginx_dir / "proxy_headers.conf")
    # Pages changed while the proxy was down were not purged from it: start it empty.
    shutil.rmtree(stack.nginx_dir / "cache", ignore_errors=True)
    config = stack.nginx_dir / "nginx.conf"
    config.write_text(_nginx_config(stack))
    for sub in ("tmp", "cache"):
        (stack.nginx_dir / sub).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        for sub in ("tmp", "cache"):
            run("chown", "-R", "www-data", stack.nginx_dir / sub)
    nginx = ["nginx", "-p", stack.nginx_dir, "-c", config, "-e", stack.logs / "nginx-error.log"]
    run(*nginx, "-t", "-q")
    run(*nginx)


def start(stack: Stack) -> int:
    ensure_venv("app")
    ensure_debian(*DEBIAN)
    for folder in (stack.root, stack.logs, stack.nginx_dir):
        folder.mkdir(parents=True, exist_ok=True)
    say("starting PostgreSQL and Redis")
    _start_database(stack)
    if _pid(stack.root / "redis.pid", "redis-server") is None:
        services.start_redis(
            str(stack.redis_port), stack.root / "redis.pid", stack.logs / "redis.log"
        )
    env = stack.app_env()
    say("preparing the database, static files and dictionary (as ./run serve does)")
    # No purges while preparing: the proxy is not up, and its cache starts empty anyway.
    ensure_secret_key(env)
    serve.prepare({**env, "PROXY_PURGE_URLS": ""})
    _compress_static(stack.data_dir / "static")
    say(f"starting {len(app_processes(stack))} app processes and nginx")
    for process in app_processes(stack):
        _start_app(stack, process, env)
    for process in app_processes(stack):
        if process.port is not None:
            port = process.port
            _wait_until(lambda p=port: _get(p, "/healthz") == 200, f"{process.name} (:{port})")
    _start_nginx(stack)
    _wait_until(lambda: _get(stack.http_port, "/healthz") == 200, "nginx")
    say(f"Broadsheet's stack is up: open {stack.url}/  (./run stack status, ./run stack stop)")
    return 0


# --- Status and stop --------------------------------------------------------------------


def _redis_pong(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _health(stack: Stack) -> list[tuple[str, int | None, str, bool]]:
    """(part, pid, address, healthy) for every part of the stack."""
    pg_pid = _pid(stack.pgdata / "postmaster.pid", "postgres")
    ready = subprocess.run(
        [services.pg_bin() / "pg_isready", "-q", "-h", HOST, "-p", str(stack.pg_port)],
        check=False,
    )
    rows = [
        (
            "postgres",
            pg_pid,
            f"{HOST}:{stack.pg_port}",
            pg_pid is not None and not ready.returncode,
        ),
        (
            "redis",
            _pid(stack.root / "redis.pid", "redis-server"),
            f"{HOST}:{stack.redis_port}",
            _redis_pong(stack.redis_port),
        ),
    ]
    for process in app_processes(stack):
        pid = _pid(process.pidfile(stack), "broadsheet")
        healthy = pid is not None and (
            process.port is None or _get(process.port, "/healthz") == 200
        )
        where = f"{HOST}:{process.port}" if process.port else "-"
        rows.append((process.name, pid, where, healthy))
    nginx_pid = _pid(stack.nginx_dir / "nginx.pid", "nginx")
    rows.append(
        (
            "nginx",
            nginx_pid,
            f"{HOST}:{stack.http_port}",
            nginx_pid is not None and _get(stack.http_port, "/healthz") == 200,
        )
    )
    return rows


def status(stack: Stack) -> int:
    rows = _health(stack)
    print(f"{'part':<10} {'pid':>8}  {'address':<21} health")
    for part, pid, where, healthy in rows:
        shown = str(pid) if pid else "-"
        print(f"{part:<10} {shown:>8}  {where:<21} {'ok' if healthy else 'DOWN'}")
    up = all(row[3] for row in rows)
    print(f"open {stack.url}/" if up else "the stack is not (fully) running")
    return 0 if up else 1


def ports(stack: Stack) -> list[int]:
    """Every port the stack listens on."""
    return [stack.http_port, *stack.app_ports, stack.pg_port, stack.redis_port]


def stop(stack: Stack) -> int:
    _stop_pid(stack.nginx_dir / "nginx.pid", "nginx", signal.SIGQUIT)
    for process in app_processes(stack):
        _stop_pid(process.pidfile(stack), "broadsheet")
    services.stop_redis(stack.root / "redis.pid")
    if (stack.pgdata / "PG_VERSION").exists():
        services.stop_postgres(stack.pgdata)
    deadline = time.monotonic() + 10
    while (still := [p for p in ports(stack) if _port_open(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    if still:
        print(f"stack: still listening on {still}", file=sys.stderr)
        return 1
    say("the stack is stopped")
    return 0


def stack_env() -> dict[str, str]:
    """The environment of ./run stack (and of the benchmarks that start one)."""
    env = base_env()
    env.setdefault("HTTPS", "false")  # plain HTTP on loopback; TLS belongs at the proxy
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    return env


def main(args: list[str]) -> int:
    verbs = {"start": start, "status": status, "stop": stop}
    verb = args[0] if args else "start"
    if verb not in verbs or len(args) > 1:
        print("usage: ./run stack [start|status|stop]", file=sys.stderr)
        return 2
    return verbs[verb](Stack.from_env(stack_env()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
