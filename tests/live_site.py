"""Real app servers for tests: a data directory prepared as `./run serve` prepares one, and
the app server (granian, `tools/common.app_server_command`) on a free loopback port.

Preparing (migrate, static files, demo content) takes a minute on a busy machine, so it is
done once per test process, into a template folder, and each site gets a copy of the
template's database and media (its static files are linked: nobody writes them). The copy's
Wagtail site is then moved to the site's own address, as `load_demo` would have set it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from common import app_server_command  # noqa: E402 (tools/ is not a package)

DATABASE = "broadsheet.sqlite3"
_template: Path | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shared_index() -> Path:
    """The dictionary index built once per machine (./run test builds it before the suite)."""
    return Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"


def server_env(data_dir: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A site's environment: its own data directory and SQLite file, whatever the shell says."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env = {
        **inherited,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "SECRET_KEY": "live-site-test-secret-key",
        "DEBUG": "false",
        "HTTPS": "false",
        "BROADSHEET_PLAIN_STATIC": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(data_dir / "mail"),
        "PAGE_CACHE_SECONDS": "0",
    }
    env.update(extra or {})
    return env


def manage(env: dict[str, str], *args: str, input_text: str | None = None) -> str:
    """Run a management command with `env`; returns its output, raises on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=input_text,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage {args} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class SiteServer:
    url: str
    data_dir: Path
    env: dict[str, str]

    def manage(self, *args: str, input_text: str | None = None) -> str:
        """Run a management command against the site's database; returns its output."""
        return manage(self.env, *args, input_text=input_text)


def _link_index(data_dir: Path) -> None:
    if shared_index().is_dir() and not (data_dir / "lexicon").exists():
        (data_dir / "lexicon").symlink_to(shared_index(), target_is_directory=True)


def _prepared_template() -> Path:
    """The folder prepared once per test process: migrated, static files, demo content."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="broadsheet-live-site-"))
        atexit.register(shutil.rmtree, folder, True)
        _link_index(folder)
        env = server_env(folder, 80)
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["compile_translations"],
            ["collectstatic", "--noinput", "-v", "0"],
            ["load_demo"],
        ):
            manage(env, *command)
        _template = folder
    return _template


def prepare_site(data_dir: Path, port: int, extra_env: dict[str, str] | None = None) -> SiteServer:
    """A data directory at `data_dir` with the demo paper, for a site at 127.0.0.1:port."""
    template = _prepared_template()
    data_dir.mkdir(parents=True, exist_ok=True)
    _link_index(data_dir)
    for name in (DATABASE, f"{DATABASE}-wal"):
        if (template / name).exists():
            shutil.copyfile(template / name, data_dir / name)
    shutil.copytree(template / "media", data_dir / "media", dirs_exist_ok=True)
    (data_dir / "static").symlink_to(template / "static", target_is_directory=True)
    with sqlite3.connect(data_dir / DATABASE) as db:
        db.execute("UPDATE wagtailcore_site SET hostname = '127.0.0.1', port = ?", (port,))
    db.close()
    env = server_env(data_dir, port, extra_env)
    return SiteServer(url=f"http://127.0.0.1:{port}", data_dir=data_dir, env=env)


def start_app_server(
    site: SiteServer,
    port: int,
    *,
    workers: int = 2,
    threads: int = 4,
    log: Path | None = None,
) -> subprocess.Popen:
    """The app server as tools/serve.py starts it, on 127.0.0.1:port; returns once it answers."""
    log = log or site.data_dir / f"server-{port}.log"
    process = subprocess.Popen(
        app_server_command("127.0.0.1", str(port), str(workers), str(threads)),
        env=site.env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    wait_until_up(f"http://127.0.0.1:{port}", process, log)
    return process


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)
