"""./run audit: bandit over src/, and pip-audit of requirements/test.txt where it can run.

bandit reads its configuration (the finding ids skipped, each explained in
docs/SECURITY.md) from pyproject.toml's [tool.bandit]; a finding makes the verb fail.
pip-audit asks an advisory service (PyPI's JSON API or osv.dev) about every locked package.
When neither service answers a probe query from this machine, the verb says so and does not
run it: that part is reported, not failed. A vulnerable package found by pip-audit makes
the verb fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from common import ROOT, ensure_venv, say, venv_bin

# pip-audit's --vulnerability-service name, an address of that service, and the body of a
# query (None: a GET). Each asks about pip 23.0, a release with a published advisory
# (GHSA-mq26-g339-26xf, fixed in 23.3): a host that answers without naming one, such as a
# package mirror standing in for pypi.org, is not an advisory service pip-audit can use.
ADVISORY_SERVICES: tuple[tuple[str, str, dict | None], ...] = (
    ("pypi", "https://pypi.org/pypi/pip/23.0/json", None),
    (
        "osv",
        "https://api.osv.dev/v1/query",
        {"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "23.0"},
    ),
)
PROBE_TIMEOUT_SECONDS = 5
UNREACHABLE = (
    "pip-audit: the advisory service (pypi.org / osv.dev) cannot be reached from here; not run"
)


def bandit(paths: list[str] | None = None) -> tuple[int, str]:
    """bandit's exit status (0: no finding) and its report, for src/ by default."""
    result = subprocess.run(
        [venv_bin("bandit"), "-c", "pyproject.toml", "-q", "-r", *(paths or ["src"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def knows_advisories(url: str, query: dict | None, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """Whether the service at `url` answers the probe query with at least one advisory."""
    data = None if query is None else json.dumps(query).encode()
    request = urllib.request.Request(  # noqa: S310 - the fixed https addresses above
        url, data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.load(response)
    except (OSError, ValueError):
        return False
    return isinstance(answer, dict) and bool(answer.get("vulnerabilities") or answer.get("vulns"))


def pip_audit(
    services: tuple[tuple[str, str, dict | None], ...] = ADVISORY_SERVICES,
    requirements: Path = ROOT / "requirements" / "test.txt",
) -> tuple[int, str]:
    """pip-audit against the first reachable advisory service, or the plain refusal."""
    service = next((name for name, url, query in services if knows_advisories(url, query)), None)
    if service is None:
        return 0, UNREACHABLE
    result = subprocess.run(
        [
            venv_bin("pip-audit"),
            "--requirement",
            str(requirements),
            "--require-hashes",
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    return result.returncode, f"pip-audit ({service}): {output or 'no known vulnerability'}"


def main(args: list[str]) -> int:
    ensure_venv("test")
    failed = []
    say("bandit (src/)")
    status, report = bandit()
    print(report or "bandit: no finding")
    if status != 0:
        failed.append("bandit")
    say("pip-audit (requirements/test.txt)")
    status, report = pip_audit()
    print(report)
    if status != 0:
        failed.append("pip-audit")
    if failed:
        say(f"audit failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
