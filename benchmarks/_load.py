"""Load a URL with Debian's wrk and read a server's CPU time: shared by the HTTP benchmarks."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    """Requests/s, requests, p50 and p99 (ms), non-2xx answers and socket errors of one run."""
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def number(pattern: str) -> str:
        found = re.search(pattern, out)
        if not found:
            raise RuntimeError(f"wrk printed no {pattern!r}:\n{out}")
        return found.group(1)

    def latency(label: str) -> float:
        found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out)
        if not found:
            raise RuntimeError(f"wrk printed no {label} latency:\n{out}")
        return float(found.group(1)) * UNITS_MS[found.group(2)]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "requests": float(number(r"(\d+) requests in")),
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "errors": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket_errors": float(sum(map(int, sockets.groups()))) if sockets else 0.0,
    }


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of these processes and their children (the app servers' workers), now."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we read
        pid, parent = int(stat.parent.name), int(fields[1])
        if pid in pids or parent in pids:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
