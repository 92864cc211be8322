"""Memory of the app server as `./run serve` runs it (granian, 2 workers x 4 threads, the
site loaded in the main process before the fork), with the sense model on ONNX Runtime and,
in the same run, with the numpy network (benchmarks/_minilm_numpy.py) in its place.

    ./run bench app_server_memory [--lookups 300]

For each: start a demo site, read /proc/PID/smaps_rollup of the main process and each
worker, look up one word of each of N sentences of the demo articles with the sentence as
context (every sentence new), read them again. Prints each process's resident, proportional
(Pss), private and shared memory, and the sum of Pss (what the server costs the machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.lexicon_speed import demo_lookups  # noqa: E402
from tests.browser.conftest import start_server  # noqa: E402
from tests.live_site import stop  # noqa: E402

ENCODERS = {
    "ONNX Runtime": "broadsheet.lexicon.engine.minilm.MiniLMEncoder",
    "numpy network": "benchmarks._minilm_numpy.NumpyMiniLMEncoder",
}
FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Shared_Dirty")


def memory(pid: int) -> dict[str, float]:
    """MB of each FIELDS entry of the process's smaps_rollup."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        fields = dict(line.split(":", 1) for line in fh.readlines()[1:])
    return {k: int(fields[k].split()[0]) / 1024 for k in FIELDS}


def processes(main: int) -> list[int]:
    with open(f"/proc/{main}/task/{main}/children") as fh:
        return [main, *(int(p) for p in fh.read().split())]


def report(label: str, pids: list[int]) -> float:
    total = 0.0
    print(f"  {label}")
    for i, pid in enumerate(pids):
        m = memory(pid)
        total += m["Pss"]
        private = m["Private_Clean"] + m["Private_Dirty"]
        shared = m["Shared_Clean"] + m["Shared_Dirty"]
        role = "main   " if i == 0 else f"worker {i}"
        print(
            f"    {role}  RSS {m['Rss']:6.1f}  Pss {m['Pss']:6.1f}  "
            f"private {private:6.1f}  shared {shared:6.1f} MB"
        )
    print(f"    sum of Pss {total:.1f} MB")
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    lookups = demo_lookups(random.Random(5), args.lookups)
    for name, encoder in ENCODERS.items():
        work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
        extra = {
            "OPENBLAS_NUM_THREADS": "1",
            "LEXICON_SENTENCE_ENCODER": encoder,
            "PYTHONPATH": str(ROOT),
            "RATE_LIMIT_DICTIONARY_LOOKUP_ADDRESS": "1000000/60",
        }
        process, site = start_server(work, extra, workers=2, threads=4)
        try:
            print(f"{name} ({encoder})")
            pids = processes(process.pid)
            report("started", pids)
            statuses: dict[int, int] = {}
            for word, sentence in lookups:
                url = (
                    f"{site.url}/api/dictionary/{urllib.parse.quote(word.lower(), safe='')}"
                    f"?context={urllib.parse.quote(sentence)}"
                )
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                statuses[status] = statuses.get(status, 0) + 1
            report(f"after {len(lookups)} lookups in context, statuses {statuses}", pids)
        finally:
            stop(process)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
