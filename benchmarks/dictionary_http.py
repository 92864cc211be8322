"""The dictionary through its HTTP endpoint, on one core: the app server (granian) with one
worker and one thread, one client on a kept-alive connection, every distinct word of the
demo articles.

    ./run bench dictionary_http [--rounds 2]

Reports p50/p99 of GET /api/dictionary/{word} (without and with the sentence as context)
next to GET /healthz (a plain SELECT 1) measured the same way in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import frontmatter  # noqa: E402
from tests.browser.conftest import start_server  # noqa: E402

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")


def demo_sentences() -> list[tuple[str, str]]:
    """(word, sentence) pairs: every distinct word of the demo articles, once."""

    seen, pairs = set(), []
    for path in sorted((ROOT / "src/broadsheet/newsroom/demo/articles").glob("*.md")):
        body = frontmatter.load(path).content
        for sentence in re.split(r"(?<=[.!?])\s+", body.replace("\n", " ")):
            for word in WORD.findall(sentence):
                if word.lower() not in seen:
                    seen.add(word.lower())
                    pairs.append((word, sentence.strip("> ")[:300]))
    return pairs


def timed(conn: http.client.HTTPConnection, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return (time.perf_counter() - start) * 1000, response.status


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2, help="passes over the word list")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dictionary-"))
    # One client asks for every word: the per-address lookup limit is raised out of the way
    # (still counted, so its cost is in the figures).
    extra = {"OPENBLAS_NUM_THREADS": "1", "RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS": "1000000/60"}
    process, site = start_server(work, extra, workers=1, threads=1)
    try:
        host, port = urllib.parse.urlsplit(site.url).netloc.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        pairs = demo_sentences()
        results: dict[str, list[float]] = {"healthz": [], "word": [], "word+context": []}
        statuses: dict[str, dict[int, int]] = {k: {} for k in results}
        for word, _ in pairs[:200]:  # warm up: page in the index and the model
            timed(conn, "/api/dictionary/" + urllib.parse.quote(word))
        for _ in range(args.rounds):
            for word, sentence in pairs:
                quoted = urllib.parse.quote(word, safe="")
                for name, path in (
                    ("healthz", "/healthz"),
                    ("word", f"/api/dictionary/{quoted}"),
                    (
                        "word+context",
                        f"/api/dictionary/{quoted}?context=" + urllib.parse.quote(sentence),
                    ),
                ):
                    ms, status = timed(conn, path)
                    results[name].append(ms)
                    statuses[name][status] = statuses[name].get(status, 0) + 1
    finally:
        process.terminate()
    print(
        f"{len(pairs)} distinct demo words x {args.rounds} rounds, one app server worker and "
        f"thread, {os.cpu_count()} cores on the machine"
    )
    print(f"{'request':<36}{'p50 ms':>10}{'p99 ms':>10}   statuses")
    for name, label in (
        ("healthz", "GET /healthz (SELECT 1)"),
        ("word", "GET /api/dictionary/{word}"),
        ("word+context", "GET /api/dictionary/{word}?context="),
    ):
        p50, p99 = percentiles(results[name])
        print(f"{label:<36}{p50:>10.2f}{p99:>10.2f}   {statuses[name]}")
    base = percentiles(results["healthz"])[1]
    print(
        f"p99 ratio to /healthz: word {percentiles(results['word'])[1] / base:.2f}, "
        f"word+context {percentiles(results['word+context'])[1] / base:.2f}"
    )


if __name__ == "__main__":
    main()
