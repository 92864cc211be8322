"""The local OpenID Connect provider (tools/oidc-provider, npm's certified `oidc-provider`)
for browser tests: `site_server` starts one next to the app and points the app at it.

The provider's port is chosen before the app starts (the app needs its address in
SOCIAL_OIDC_SERVER_URL) and the provider starts after it (it needs the app's callback URL).
Tests that log in use the `oidc_provider` fixture, which fails with the reason when Node or
the provider could not start.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.live_site import ROOT, free_port

START = [sys.executable, str(ROOT / "tools" / "demo_login.py")]
PROVIDER_ID = "local"
NAME = "Broadsheet Demo ID"
# Demo readers the provider knows by name (any other username also works).
DEMO_READERS = {"minji": "Kim Min-ji", "daniel": "Daniel Park"}


@dataclass
class LocalOidcProvider:
    port: int = field(default_factory=free_port)
    client_id: str = "broadsheet-browser-tests"
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    process: subprocess.Popen | None = None
    error: str = ""
    log_path: Path | None = None

    current = None  # the provider of this test session, set by start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def site_env(self) -> dict[str, str]:
        """The app's environment for using this provider."""
        return {
            "SOCIAL_OIDC_SERVER_URL": self.url,
            "SOCIAL_OIDC_CLIENT_ID": self.client_id,
            "SOCIAL_OIDC_SECRET": self.secret,
            "SOCIAL_OIDC_NAME": NAME,
            "SOCIAL_OIDC_ID": PROVIDER_ID,
        }

    def start(self, site_url: str, log_dir: Path) -> None:
        """Start the provider for the app at site_url; on failure, keep the reason."""
        LocalOidcProvider.current = self
        redirect_uri = f"{site_url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
        self.log_path = log_dir / "oidc-provider.log"
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [*START, str(self.port), self.client_id, self.secret, redirect_uri],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            start_new_session=True,
        )
        deadline = time.monotonic() + 180  # the first run may install Node and npm packages
        while True:
            try:
                with urllib.request.urlopen(
                    f"{self.url}/.well-known/openid-configuration", timeout=2
                ) as response:
                    if response.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.error = self.log_path.read_text()
                    return
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="session")
def oidc_provider(site_server) -> LocalOidcProvider:
    """The running local OpenID Connect provider the `site_server` app logs readers in with."""
    provider = LocalOidcProvider.current
    if provider is None or provider.error or provider.process is None:
        pytest.fail(
            "the local OpenID Connect provider did not start:\n"
            + (provider.error if provider else "site_server did not start it")
        )
    return provider
