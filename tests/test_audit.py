"""`./run audit`: bandit finds nothing in src/ that docs/SECURITY.md does not explain, and
pip-audit says plainly that it did not run when no advisory service can be reached."""

from __future__ import annotations

import http.server
import importlib.util
import json
import socket
import sys
import threading
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def audit():
    """tools/audit.py as a module (it imports tools/common.py as `common`)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location("audit_tool", ROOT / "tools" / "audit.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return module


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_bandit_finds_nothing_in_src(audit):
    """Every finding is either fixed or skipped by id with its reason in docs/SECURITY.md."""
    status, report = audit.bandit()
    assert status == 0, report


def test_bandit_reports_a_finding_with_a_failing_status(audit, tmp_path):
    """A finding bandit is not told to skip fails the audit."""
    risky = tmp_path / "risky.py"
    risky.write_text("import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n")
    status, report = audit.bandit([str(risky)])
    assert status != 0
    assert "B301" in report


def test_skipped_bandit_findings_are_explained_in_security_md():
    """Each id in [tool.bandit] skips has its row in docs/SECURITY.md."""
    skips = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["bandit"]["skips"]
    security = (ROOT / "docs" / "SECURITY.md").read_text()
    section = security[security.index("## Dependency audit") :]
    explained = {
        bid.strip()
        for line in section.splitlines()
        if line.startswith("| B")
        for bid in line.split("|")[1].split(",")
    }
    assert sorted(set(skips) - explained) == []


def test_unreachable_advisory_service_is_reported_not_failed(audit, closed_port):
    """With no advisory service reachable, pip-audit is not run and the part exits 0."""
    services = (("pypi", f"http://127.0.0.1:{closed_port}/pypi/pip/23.0/json", None),)
    status, message = audit.pip_audit(services=services)
    assert status == 0
    assert message == (
        "pip-audit: the advisory service (pypi.org / osv.dev) cannot be reached from here; not run"
    )


@pytest.fixture
def answering(request):
    """A loopback server answering every GET with the JSON given by indirect parametrisation."""
    body = json.dumps(request.param).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi/pip/23.0/json"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "answering, counts",
    [
        ({"info": {}, "vulnerabilities": []}, False),
        ({"info": {}}, False),
        ({"info": {}, "vulnerabilities": [{"id": "GHSA-mq26-g339-26xf"}]}, True),
    ],
    indirect=["answering"],
)
def test_only_a_host_that_knows_the_probe_advisory_counts_as_the_service(audit, answering, counts):
    """A package mirror answering at pypi.org without advisory data is not the service."""
    assert audit.knows_advisories(answering, None) is counts
