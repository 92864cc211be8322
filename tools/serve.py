"""./run serve: set up once, then serve the demo newspaper on http://127.0.0.1:$PORT.

Set-up (each step idempotent, so a second run starts in seconds): the virtualenv from the
lock file, WordNet from Debian, a secret key for the data directory, migrations of the
SQLite database (WAL mode), translations, static files, the dictionary index, and the demo
content when the database is empty. Then three processes run until Ctrl-C or TERM: the
local OpenID Connect provider for social login (unless SOCIAL_OIDC_SERVER_URL names one),
the app server (granian), and the background worker (`python -m broadsheet run_worker`:
e-mail, scheduled publishing, cache purges; docs/OPERATIONS.md, "Background work").
"""

from __future__ import annotations

import secrets
import signal
import subprocess
import sys

from common import (
    ROOT,
    app_server_command,
    base_env,
    ensure_debian,
    ensure_secret_key,
    ensure_venv,
    manage,
    say,
    venv_bin,
)


def local_env() -> dict[str, str]:
    env = base_env()
    port = env.setdefault("PORT", "8000")
    # A plain-HTTP demo on this machine: no HTTPS redirect, cookies without the Secure flag.
    env.setdefault("HTTPS", "false")
    env.setdefault("DEBUG", "false")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    env.setdefault("TASKS_BACKEND", "database")  # jobs run in the worker below
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    return env


def prepare(env: dict[str, str]) -> None:
    ensure_debian("wordnet-base")
    ensure_secret_key(env)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "compile_translations")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "build_lexicon")
    manage(env, "load_demo")


def demo_login(env: dict[str, str]) -> subprocess.Popen | None:
    """The local OpenID Connect provider beside the app (docs/accounts.md)."""
    if env.get("SOCIAL_OIDC_SERVER_URL"):
        return None
    port = env.get("OIDC_PORT", "9010")
    env.update(
        SOCIAL_OIDC_SERVER_URL=f"http://127.0.0.1:{port}",
        SOCIAL_OIDC_CLIENT_ID="broadsheet-demo",
        SOCIAL_OIDC_NAME="Broadsheet Demo ID",
        SOCIAL_OIDC_ID="demo",
        SOCIAL_OIDC_SECRET=secrets.token_urlsafe(24),
    )
    callbacks = ",".join(
        f"{site}/accounts/oidc/demo/login/callback/"
        for site in (env["SITE_URL"], f"http://localhost:{env['PORT']}")
    )
    return subprocess.Popen(
        [
            sys.executable,
            ROOT / "tools" / "demo_login.py",
            port,
            env["SOCIAL_OIDC_CLIENT_ID"],
            env["SOCIAL_OIDC_SECRET"],
            callbacks,
        ]
    )


def worker(env: dict[str, str]) -> subprocess.Popen:
    """The background worker beside the app server; TERM lets its job at hand finish."""
    return subprocess.Popen(
        [venv_bin("python"), "-m", "broadsheet", "run_worker"], env=env, cwd=ROOT
    )


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # TERM stops everything as Ctrl-C does


def main() -> int:
    ensure_venv("app")
    env = local_env()
    children: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        login = demo_login(env)
        children += [login] if login else []
        prepare(env)
        if env["TASKS_BACKEND"] == "database":  # "immediate" runs each job where it is enqueued
            children.append(worker(env))
        say(f"serving on http://127.0.0.1:{env['PORT']} (Ctrl-C stops)")
        server = subprocess.Popen(
            app_server_command(
                env.get("HOST", "127.0.0.1"),
                env["PORT"],
                env.get("WEB_CONCURRENCY", "2"),
                env.get("THREADS", "4"),
                "--access-log",
            ),
            env=env,
            cwd=ROOT,
        )
        children.append(server)
        status = server.wait()
        return 0 if status < 0 else status
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
