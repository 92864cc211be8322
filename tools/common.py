"""What every `./run` verb shares: paths, installing what a verb needs, running Django.

Standard library only: these tools run under the machine's own Python 3.11+, before the
virtualenv exists. Each installer remembers what it installed, so a second run is quick.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
LOCKS = ROOT / "requirements"
DATA_DIR = Path(os.environ.get("BROADSHEET_DATA_DIR", ROOT / "var")).resolve()


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", file=sys.stderr, flush=True)


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; a failure ends the tool with the command's exit status."""
    result = subprocess.run([str(a) for a in args], check=False, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)
    return result


def as_root(*args: str) -> list[str]:
    return list(args) if os.geteuid() == 0 else ["sudo", *args]


def ensure_debian(*packages: str) -> None:
    """Install the Debian packages that are missing (apt-get update first, once)."""
    missing = [
        name
        for name in packages
        if "install ok installed"
        not in subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
        ).stdout
    ]
    if not missing:
        return
    say(f"installing Debian packages: {' '.join(missing)}")
    run(*as_root("apt-get", "update", "-qq"))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(
        *as_root("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing),
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _lock_files(kind: str) -> list[Path]:
    return [LOCKS / f"{kind}.txt", LOCKS / "model.txt"]


def ensure_venv(kind: str = "app") -> None:
    """The virtualenv with the locked packages of `kind` ("app" or "test"), hashes checked.

    The project itself is not built: a .pth file puts src/ on the path (what an editable
    install does, without needing a build backend outside the lock).
    """
    if not PYTHON.exists():
        say("creating the virtualenv in .venv")
        made = subprocess.run(
            [sys.executable, "-m", "venv", str(VENV)], check=False, capture_output=True
        )
        if made.returncode != 0:
            ensure_debian("python3-venv")
            shutil.rmtree(VENV, ignore_errors=True)
            run(sys.executable, "-m", "venv", VENV)
    wanted = {kind, "test"} if kind == "app" else {kind}
    digests = {k: _digest(_lock_files(k)) for k in wanted}
    stamp = VENV / ".installed"
    done = stamp.read_text().split() if stamp.exists() else []
    if any(digests[k] in done for k in wanted):
        return
    say(f"installing Python packages from requirements/{kind}.txt (hashes checked)")
    pip = [PYTHON, "-m", "pip", "install", "-q", "--no-deps", "--require-hashes"]
    files = [arg for path in _lock_files(kind) for arg in ("-r", path)]
    run(*pip, *files)
    site = subprocess.run(
        [PYTHON, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "broadsheet-src.pth").write_text(f"{ROOT / 'src'}\n")
    stamp.write_text(digests[kind] + "\n")


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def ensure_npm(folder: Path) -> None:
    """The npm packages of a tools/ folder, from its package-lock.json (npm ci)."""
    if not shutil.which("npm"):
        ensure_debian("nodejs", "npm")
    stamp = folder / "node_modules" / ".package-lock.sha256"
    want = _digest([folder / "package-lock.json"])
    if stamp.exists() and stamp.read_text().strip() == want:
        return
    say(f"installing npm packages in {folder.relative_to(ROOT)}")
    run(
        "npm",
        "ci",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(want + "\n")


def base_env() -> dict[str, str]:
    """The environment of every Django process a verb starts."""
    env = dict(os.environ)
    env.setdefault("BROADSHEET_DATA_DIR", str(DATA_DIR))
    Path(env["BROADSHEET_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # One BLAS thread per worker: the dictionary's context lookups are small matrix
    # products, and threads fighting over two cores make them slower (docs/lexicon-notes.md).
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def ensure_secret_key(env: dict[str, str]) -> None:
    """A secret key for this data directory, made once and kept out of git."""
    if env.get("SECRET_KEY"):
        return
    path = Path(env["BROADSHEET_DATA_DIR"]) / "secret_key"
    if not path.exists() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        old = os.umask(0o077)
        try:
            path.write_text(secrets.token_urlsafe(50) + "\n")
        finally:
            os.umask(old)
    env["SECRET_KEY"] = path.read_text().strip()


def manage(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    """A Django management command in the virtualenv (python -m broadsheet ARGS)."""
    return run(PYTHON, "-m", "broadsheet", *args, env=env, cwd=ROOT, **kwargs)


def venv_bin(name: str) -> str:
    return str(VENV / "bin" / name)


def app_server_command(host: str, port: str, workers: str, threads: str, *extra: str) -> list[str]:
    """The app server as `./run serve`, `./run stack` and the tests' live servers start it:
    granian serving `broadsheet.wsgi` (measured against gunicorn in docs/PERFORMANCE.md).

    HTTP/1.1 only (nginx speaks it to the app servers). The whole request head (request
    line and headers) must fit in 8 KB, granian's smallest buffer, and at most 100 headers
    (hyper's fixed limit): more is refused with a 4xx before Django sees it. 10 s to send the
    head; a worker that dies is started again; on TERM, 5 s for the workers to finish before
    they are killed. tools/app_server.py loads the app before granian forks its workers.
    """
    return [
        str(PYTHON),
        str(ROOT / "tools" / "app_server.py"),
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        port,
        "--workers",
        workers,
        "--blocking-threads",
        threads,
        "--http",
        "1",
        "--no-ws",
        "--http1-buffer-size",
        "8192",
        "--http1-header-read-timeout",
        "10000",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "5",
        *extra,
        "broadsheet.wsgi:application",
    ]
