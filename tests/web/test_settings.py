"""Settings come from the environment with safe production defaults."""

from __future__ import annotations

import os
import subprocess
import sys

ENV = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "SECRET_KEY",
        "DEBUG",
        "HTTPS",
        "ALLOWED_HOSTS",
        "BROADSHEET_PLAIN_STATIC",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "broadsheet", *args],
        env={**ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_has_no_warnings_with_production_defaults():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a" * 20 + "long-random-production-secret-value-xyz-0123456789",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_missing_secret_key_is_a_clear_startup_error():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_malformed_boolean_setting_is_named():
    result = manage("check", SECRET_KEY="x" * 60, DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_security_headers_on_reader_pages(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
