"""Browser tests: Debian's Chromium, driven by Playwright, against the real app server.

`site_server` prepares a data directory like `./run serve` does (migrate, demo content,
static files) and starts gunicorn on a free loopback port, once per test session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.oidc import LocalOidcProvider, oidc_provider  # noqa: F401

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SiteServer:
    url: str
    data_dir: Path
    env: dict[str, str]

    def manage(self, *args: str, input_text: str | None = None) -> str:
        """Run a management command against the server's database; returns its output."""
        result = subprocess.run(
            [sys.executable, "-m", "broadsheet", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            input=input_text,
            check=False,
            timeout=300,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage {args} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def server_env(data_dir: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "SECRET_KEY": "browser-test-secret-key",
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


def start_server(
    data_dir: Path, extra_env: dict[str, str] | None = None, *, workers: int = 2, threads: int = 4
) -> tuple[subprocess.Popen, SiteServer]:
    port = free_port()
    env = server_env(data_dir, port, extra_env)
    site = SiteServer(url=f"http://127.0.0.1:{port}", data_dir=data_dir, env=env)
    # The dictionary index is built once per machine; reuse it rather than rebuild.
    shared_index = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")) / "lexicon"
    if shared_index.is_dir() and not (data_dir / "lexicon").exists():
        (data_dir / "lexicon").symlink_to(shared_index, target_is_directory=True)
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["compile_translations"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["load_demo"],
    ):
        site.manage(*command)
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{site.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data_dir / "server.log").read_text()) from None
            time.sleep(0.2)
    return process, site


@pytest.fixture(scope="session")
def site_server(tmp_path_factory) -> Iterator[SiteServer]:
    data_dir = tmp_path_factory.mktemp("site")
    # The app logs readers in through a local OpenID Connect provider (tests/browser/oidc.py).
    oidc = LocalOidcProvider()
    process, site = start_server(data_dir, oidc.site_env())
    oidc.start(site.url, data_dir)
    yield site
    oidc.stop()
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; ./run test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_server):
    """A fresh browser context (no cookies) with the site as its base URL."""
    context = browser.new_context(
        base_url=site_server.url, locale="en-GB", timezone_id="Asia/Seoul"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
