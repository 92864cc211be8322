"""The anonymous article page under load: gunicorn (page cache on) against nginx serving the
same HTML as a static file, in the same run, on this machine's loopback.

    ./run bench article_page [--seconds 10] [--connections 16]

Needs Debian's nginx and wrk (installed when missing). Prints requests/s and latency for both
and their ratio; record results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import free_port, start_server  # noqa: E402

NGINX_CONF = """
worker_processes 1;
daemon off;
error_log {dir}/nginx-error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  types {{ text/html html; }}
  server {{
    listen 127.0.0.1:{port};
    root {dir}/www;
    index index.html;
    location / {{ try_files $uri/index.html =404; }}
  }}
}}
"""


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path("/usr/sbin/nginx").exists():
            subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light", "wrk"], check=True)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    work = Path(tempfile.mkdtemp(prefix="bench-article-"))
    work.chmod(0o755)  # nginx workers run as www-data
    (work / "site").mkdir()
    process, site = start_server(work / "site", {"PAGE_CACHE_SECONDS": "600"})
    try:
        with urllib.request.urlopen(f"{site.url}/national/politics/") as response:
            listing = response.read().decode()
        path = re.search(r'class="bs-card__headline"><a href="([^"]+)"', listing).group(1)
        with urllib.request.urlopen(site.url + path) as response:
            html = response.read()
        (work / "www" / path.strip("/")).mkdir(parents=True)
        (work / "www" / path.strip("/") / "index.html").write_bytes(html)
        port = free_port()
        (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=port))
        server = subprocess.Popen([nginx, "-c", str(work / "nginx.conf"), "-p", str(work)])
        time.sleep(0.5)
        results = {}
        for name, url in (
            ("nginx static file", f"http://127.0.0.1:{port}{path}"),
            ("gunicorn article page", site.url + path),
        ):
            wrk(url, 2, args.connections)  # warm up (fills the page cache)
            results[name] = wrk(url, args.seconds, args.connections)
        server.terminate()
    finally:
        process.terminate()
    print(
        f"article page {path} ({len(html)} bytes), {args.connections} connections, "
        f"{args.seconds} s each, {os.cpu_count()} cores"
    )
    print(f"{'server':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    for name, r in results.items():
        print(
            f"{name:<24}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}"
            f"{r['errors']:>10.0f}"
        )
    ratio = results["gunicorn article page"]["rps"] / results["nginx static file"]["rps"]
    print(f"throughput ratio gunicorn/nginx: {ratio:.3f}")


if __name__ == "__main__":
    main()
