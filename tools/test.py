"""./run test [PYTEST ARGS]: install what the tests need, lint, and run the whole suite.

Installs the locked test packages, Debian's Chromium (the browser tests drive it with
Playwright), WordNet, fonts, poppler (PDF text), a Java runtime (the Nu HTML checker),
PostgreSQL and Redis, nginx with its cache-purge and brotli modules (tests/stack starts
`./run stack` once, in a temporary directory, in the first pass), and the npm packages of
tools/axe and tools/oidc-provider; starts
throw-away PostgreSQL and Redis servers; compiles translations and the dictionary index;
runs `./run lint`; then pytest on SQLite. With no arguments it runs the database-facing
tests again on PostgreSQL with Redis as the cache.
"""

from __future__ import annotations

import subprocess
import sys

import lint
import stack
from common import ROOT, base_env, ensure_debian, ensure_npm, ensure_venv, manage, say, venv_bin
from services import test_services

DEBIAN = (
    "chromium",
    "wordnet-base",
    "fortunes",  # the held-out expression table reads its quotations (tests/lexicon)
    "fonts-noto-cjk",
    "poppler-utils",
    "default-jre-headless",
    "postgresql",
    "redis-server",
    *stack.DEBIAN,  # tests/stack starts ./run stack (nginx and its modules, brotli)
)
POSTGRES_TESTS = ["tests/newsroom", "tests/talk", "tests/staff", "tests/core"]


def main(args: list[str]) -> int:
    ensure_venv("test")
    ensure_debian(*DEBIAN)
    for folder in ("axe", "oidc-provider"):
        ensure_npm(ROOT / "tools" / folder)
    env = base_env()
    env.setdefault("CHROMIUM_PATH", "/usr/bin/chromium")
    env.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
    env["HTTPS"] = "false"
    with test_services() as services:
        env.update(services)
        manage(env, "compile_translations")
        manage(env, "build_lexicon")
        lint.main([])
        say("running the test suite")
        # The slowest tests are listed at the end of each phase: the suite must stay well
        # under 20 minutes in CI.
        pytest = [venv_bin("python"), "-m", "pytest", "--durations=15"]
        status = subprocess.run([*pytest, *args], env=env, cwd=ROOT, check=False).returncode
        if status or args:
            return status
        say("the database-facing tests again, on PostgreSQL with Redis")
        env["DATABASE_URL"] = services["BROADSHEET_TEST_POSTGRES_URL"]
        return subprocess.run(
            [*pytest, "-q", "-m", "not browser", "-p", "no:cacheprovider", *POSTGRES_TESTS],
            env=env,
            cwd=ROOT,
            check=False,
        ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
