"""The anonymous article page under load against nginx serving the same HTML as a static file,
in the same run, on this machine's loopback: the app server (granian, as `./run serve` starts
it) with the page cache on (a cached hit) and a second one with it off (every request renders
the page).

    ./run bench article_page [--seconds 10] [--connections 16]

Needs Debian's nginx and wrk (installed when missing). Prints requests/s, latency, the ratio
to nginx with PASS or FAIL against issue 10's targets (cached at least 0.15 x nginx, uncached
at least 1/150), and the app server's CPU milliseconds per request (all its processes' user
and system time over the run, from /proc, divided by the requests answered). Results are in
docs/PERFORMANCE.md.
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

from _load import cpu_seconds, wrk  # noqa: E402
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


# Issue 10's targets: the throughput ratio to nginx each server must reach.
TARGETS = {"granian, page cache on": 0.15, "granian, page cache off": 1 / 150}


def main() -> int:
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
    (work / "uncached").mkdir()
    process, site = start_server(work / "site", {"PAGE_CACHE_SECONDS": "600"})
    bare, uncached = start_server(work / "uncached", {"PAGE_CACHE_SECONDS": "0"})
    cpu_ms: dict[str, float] = {}
    try:
        with urllib.request.urlopen(f"{site.url}/national/politics/") as response:
            listing = response.read().decode()
        path = re.search(r'class="bs-card__headline"[^>]*><a href="([^"]+)"', listing).group(1)
        with urllib.request.urlopen(site.url + path) as response:
            html = response.read()
        (work / "www" / path.strip("/")).mkdir(parents=True)
        (work / "www" / path.strip("/") / "index.html").write_bytes(html)
        port = free_port()
        (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=port))
        server = subprocess.Popen([nginx, "-c", str(work / "nginx.conf"), "-p", str(work)])
        time.sleep(0.5)
        results = {}
        for name, url, pid in (
            ("nginx static file", f"http://127.0.0.1:{port}{path}", None),
            ("granian, page cache on", site.url + path, process.pid),
            ("granian, page cache off", uncached.url + path, bare.pid),
        ):
            wrk(url, 2, args.connections)  # warm up (fills the page cache)
            before = cpu_seconds([pid]) if pid else 0.0
            results[name] = wrk(url, args.seconds, args.connections)
            if pid:
                used = cpu_seconds([pid]) - before
                cpu_ms[name] = 1000 * used / max(1.0, results[name]["requests"])
        server.terminate()
    finally:
        process.terminate()
        bare.terminate()
    print(
        f"article page {path} ({len(html)} bytes), {args.connections} connections, "
        f"{args.seconds} s each, {os.cpu_count()} cores"
    )
    print(f"{'server':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'CPU ms/req':>12}")
    for name, r in results.items():
        cpu = f"{cpu_ms[name]:>12.2f}" if name in cpu_ms else f"{'':>12}"
        print(
            f"{name:<26}{r['rps']:>9.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
            f"{r['errors']:>9.0f}{cpu}"
        )
    failed = 0
    for name, target in TARGETS.items():
        ratio = results[name]["rps"] / results["nginx static file"]["rps"]
        verdict = "PASS" if ratio >= target else "FAIL"
        failed += verdict == "FAIL"
        print(f"{name}: {ratio:.4f} x nginx (1/{1 / ratio:.0f}), target {target:.4f}: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
