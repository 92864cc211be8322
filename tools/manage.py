"""./run manage ARGS: a Django management command (migrate, import_articles, create_staff...)."""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, base_env, ensure_secret_key, ensure_venv, venv_bin


def main(args: list[str]) -> int:
    ensure_venv("app")
    env = base_env()
    ensure_secret_key(env)
    env.setdefault("HTTPS", "false")
    return subprocess.run(
        [venv_bin("python"), "-m", "broadsheet", *args], env=env, cwd=ROOT, check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
