"""./run bench NAME [ARGS]: run benchmarks/NAME.py (results go into docs/PERFORMANCE.md)."""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, base_env, ensure_debian, ensure_venv, venv_bin


def main(args: list[str]) -> int:
    # A module whose name starts with "_" is shared by benchmarks, not one itself.
    names = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if not p.stem.startswith("_"))
    if not args or args[0] not in names:
        print(
            f"usage: ./run bench NAME [ARGS]   (NAME is one of: {' '.join(names)})", file=sys.stderr
        )
        return 2
    ensure_venv("test")
    ensure_debian("wordnet-base")
    env = base_env()
    env.setdefault("SECRET_KEY", "bench-secret-key")
    script = ROOT / "benchmarks" / f"{args[0]}.py"
    return subprocess.run(
        [venv_bin("python"), script, *args[1:]], env=env, cwd=ROOT, check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
