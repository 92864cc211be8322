"""Browser tests: Debian's Chromium, driven by Playwright, against the real app server.

`site_server` prepares a data directory like `./run serve` does (migrate, demo content,
static files: tests/live_site.py) and starts the app server on a free loopback port, once per test
session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.oidc import LocalOidcProvider, oidc_provider  # noqa: F401
from tests.live_site import SiteServer, free_port, prepare_site, start_app_server, stop

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


def start_server(
    data_dir: Path, extra_env: dict[str, str] | None = None, *, workers: int = 2, threads: int = 4
) -> tuple[subprocess.Popen, SiteServer]:
    """A demo site in `data_dir` (tests/live_site.py) served by the app server (granian) on a free port."""
    port = free_port()
    site = prepare_site(data_dir, port, extra_env)
    return start_app_server(site, port, workers=workers, threads=threads), site


@pytest.fixture(scope="session")
def site_server(tmp_path_factory) -> Iterator[SiteServer]:
    data_dir = tmp_path_factory.mktemp("site")
    # The app logs readers in through a local OpenID Connect provider (tests/browser/oidc.py).
    oidc = LocalOidcProvider()
    process, site = start_server(data_dir, oidc.site_env())
    oidc.start(site.url, data_dir)
    yield site
    oidc.stop()
    stop(process)


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
