"""./run lint: ruff check, ruff format --check, mypy, import-linter, and the code rules.

Every check runs; the verb fails if any of them failed.
"""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, base_env, ensure_venv, say, venv_bin

PATHS = ["src", "tests", "benchmarks", "tools"]


def main(args: list[str]) -> None:
    ensure_venv("test")
    env = base_env()
    env.setdefault("SECRET_KEY", "lint-secret-key")
    checks = {
        "ruff check": [venv_bin("ruff"), "check", *PATHS],
        "ruff format --check": [venv_bin("ruff"), "format", "--check", *PATHS],
        "mypy": [venv_bin("mypy")],
        "import-linter": [venv_bin("lint-imports")],
        "code rules": [venv_bin("python"), ROOT / "tools" / "code_rules.py"],
    }
    failed = []
    for name, command in checks.items():
        say(name)
        if subprocess.run(command, env=env, cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
    if failed:
        say(f"lint failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
