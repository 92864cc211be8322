"""The cached anonymous article through `./run stack`'s proxy, against nginx serving the same
HTML as a static file, and a breaking story: 1,000 readers on one article at once.

    ./run bench stack_proxy [--seconds 10] [--connections 32] [--crowd 1000] [--crowd-seconds 30]
                            [--purges 20]

Uses the stack of the data directory (started first if it is not running, and stopped again
afterwards in that case). Both sides are loaded by Debian's wrk with the same threads and
connections; the reference nginx has the stack's nginx settings (workers, buffered access
log) and only serves the file. Targets (issue 10), each printed with PASS or FAIL:
  - proxy throughput >= 0.5 x static, proxy p99 <= 2 x static p99;
  - the crowd: no error (non-2xx or socket error) and the app servers nearly idle: their
    CPU seconds (masters and workers, from /proc) at most 5% of one core over the run;
  - an edit reaches the proxy within a second: an editor's published retitle of the article,
    made in this process through the app's own services with the stack's environment, then
    the proxy polled every 10 ms until it serves the new headline; `--purges` edits in turn,
    median and worst delay from the commit (the headline is put back afterwards).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from _load import cpu_seconds, wrk  # noqa: E402

import stack as stack_tool  # noqa: E402 (tools/ is not a package)

ARTICLE = "/national/politics/six-party-talks-resume-beijing-vladivostok-summit/"
IDLE_SHARE = 0.05  # app CPU seconds per second of the crowd run that still count as idle

STATIC_CONF = """
worker_processes {workers};
worker_rlimit_nofile 16384;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  access_log {dir}/access.log combined buffer=256k flush=2s;
  server {{
    listen 127.0.0.1:{port};
    root {dir}/www;
    location / {{ try_files $uri/index.html =404; }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def purge_delays(stack: stack_tool.Stack, count: int) -> list[float]:
    """Seconds from each committed retitle of ARTICLE to the proxy serving the new headline."""
    env = stack.app_env()
    # The app servers' key: the environment's when it has one (./run bench sets it), else
    # the one `./run stack` keeps in the data directory.
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = (stack.data_dir / "secret_key").read_text().strip()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from tests.stack import actions  # lazy: sets Django up with the stack's environment

    original = actions.page(ARTICLE).title
    delays = []
    try:
        for number in range(count):
            title = f"{original} (purge check {number})"
            actions.retitle(ARTICLE, title)  # returns after the commit
            committed = time.monotonic()
            while True:
                with urllib.request.urlopen(stack.url + ARTICLE) as response:
                    if title in response.read().decode():
                        break
                if time.monotonic() - committed > 30:
                    raise RuntimeError("the proxy still served the old headline after 30 s")
                time.sleep(0.01)
            delays.append(time.monotonic() - committed)
    finally:
        actions.retitle(ARTICLE, original)
    return delays


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--crowd", type=int, default=1000)
    parser.add_argument("--crowd-seconds", type=int, default=30)
    parser.add_argument("--purges", type=int, default=20)
    args = parser.parse_args()
    # wrk needs a descriptor per connection.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    env = stack_tool.stack_env()
    stack = stack_tool.Stack.from_env(env)
    started = any(not healthy for *_, healthy in stack_tool._health(stack))
    if started:
        stack_tool.ensure_debian("wrk")
        stack_tool.start(stack)
    work = Path(tempfile.mkdtemp(prefix="bench-stack-"))
    work.chmod(0o755)  # nginx workers run as www-data
    static_nginx = None
    try:
        with urllib.request.urlopen(stack.url + ARTICLE) as response:
            html = response.read()
        page_dir = work / "www" / ARTICLE.strip("/")
        page_dir.mkdir(parents=True)
        (page_dir / "index.html").write_bytes(html)
        port = free_port()
        workers = env.get("STACK_NGINX_WORKERS", "2")
        conf = STATIC_CONF.format(dir=work, port=port, workers=workers)
        (work / "nginx.conf").write_text(conf)
        static_nginx = subprocess.Popen(["nginx", "-c", work / "nginx.conf", "-p", work])
        time.sleep(0.5)
        sides = {
            "nginx static file": f"http://127.0.0.1:{port}{ARTICLE}",
            "stack proxy (cached)": stack.url + ARTICLE,
        }
        results = {}
        for name, url in sides.items():
            wrk(url, 2, args.connections)  # warm up (fills the caches)
            results[name] = wrk(url, args.seconds, args.connections)
        apps = [
            pid
            for process in stack_tool.app_processes(stack)
            if (pid := stack_tool._pid(process.pidfile(stack), "broadsheet"))
        ]
        before = cpu_seconds(apps)
        crowd = wrk(stack.url + ARTICLE, args.crowd_seconds, args.crowd)
        app_cpu = cpu_seconds(apps) - before
        delays = sorted(purge_delays(stack, args.purges))
    finally:
        if static_nginx is not None:
            subprocess.run(["nginx", "-c", work / "nginx.conf", "-p", work, "-s", "quit"])
            static_nginx.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
        if started:
            stack_tool.stop(stack)

    print(
        f"article {ARTICLE} ({len(html)} bytes), wrk 2 threads, {args.connections} connections, "
        f"{args.seconds} s each, {os.cpu_count()} cores, {len(apps)} app servers"
    )
    print(f"{'server':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>10}")
    for name, r in results.items():
        errors = r["errors"] + r["socket_errors"]
        print(f"{name:<24}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{errors:>10.0f}")
    static, proxy = results["nginx static file"], results["stack proxy (cached)"]
    ratio = proxy["rps"] / static["rps"]
    p99_ratio = proxy["p99_ms"] / static["p99_ms"]
    print(f"target: proxy throughput >= 0.5 x static: {ratio:.3f}  {verdict(ratio >= 0.5)}")
    print(f"target: proxy p99 <= 2 x static p99: {p99_ratio:.2f} x  {verdict(p99_ratio <= 2)}")
    errors = crowd["errors"] + crowd["socket_errors"]
    share = app_cpu / args.crowd_seconds
    print(
        f"crowd: {args.crowd} connections for {args.crowd_seconds} s on one article: "
        f"{crowd['rps']:.0f} req/s, p99 {crowd['p99_ms']:.1f} ms, "
        f"{crowd['errors']:.0f} non-2xx, {crowd['socket_errors']:.0f} socket errors"
    )
    print(f"target: crowd without error: {errors:.0f} errors  {verdict(errors == 0)}")
    print(
        f"target: app servers nearly idle: {app_cpu:.2f} CPU s in {args.crowd_seconds} s "
        f"= {share:.3f} of a core (<= {IDLE_SHARE})  {verdict(share <= IDLE_SHARE)}"
    )
    median, worst = delays[len(delays) // 2], delays[-1]
    print(
        f"target: an edit through the proxy within 1 s: {len(delays)} edits, "
        f"median {median:.2f} s, worst {worst:.2f} s  {verdict(worst <= 1.0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
