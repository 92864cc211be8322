"""./run bench [NAME [ARGS]]: run benchmarks/NAME.py, or with no NAME every benchmark in turn.

Results go into docs/PERFORMANCE.md. The exit status is non-zero if any benchmark failed
(article_page fails when a target is missed).
"""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, base_env, ensure_debian, ensure_venv, venv_bin


def main(args: list[str]) -> int:
    # A module whose name starts with "_" is shared by benchmarks, not one itself.
    names = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if not p.stem.startswith("_"))
    if args and args[0] not in names:
        print(
            f"usage: ./run bench [NAME [ARGS]]   (NAME is one of: {' '.join(names)})",
            file=sys.stderr,
        )
        return 2
    ensure_venv("test")
    ensure_debian("wordnet-base", "fortunes")
    env = base_env()
    env.setdefault("SECRET_KEY", "bench-secret-key")
    failed = 0
    for name, extra in [(args[0], args[1:])] if args else [(n, []) for n in names]:
        print(f"==> ./run bench {name}", flush=True)
        script = ROOT / "benchmarks" / f"{name}.py"
        run = subprocess.run([venv_bin("python"), script, *extra], env=env, cwd=ROOT, check=False)
        failed += run.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
