"""Speed, memory and size of the reader's dictionary.

    python benchmarks/lexicon_speed.py [--data-dir DIR] [--rebuild]

Measures, in the service (no HTTP):
  * a lookup without context (target: median < 1 ms),
  * a lookup with a sentence as context, every sentence new (target: p99 < 20 ms),
  * the same for every word of the demo articles' sentences read as the popup sends them
    (longer sentences than the templates), and the p99 of both by the number of tokens the
    encoder sees,
  * another word of a sentence already looked up (its token states cached),
  * the encoder's forward pass alone, ONNX Runtime against the plain numpy network
    (benchmarks/_minilm_numpy.py), on the same sentences in turns: the ratio is the
    same-run reference,
  * the resident memory added by opening the index and doing lookups (target < 150 MB),
    and separately by loading the sense model, each in a fresh subprocess; the model's
    part is split into file-backed pages (the memory-mapped weights) and anonymous memory
    (this process's own); then the private memory a worker forked after the model loaded
    (as the app server's workers are) gains over 50 lookups in context,
  * the index build time (with --rebuild, into a temporary directory) and its size.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks._minilm_numpy import forward as numpy_forward  # noqa: E402

from broadsheet.lexicon import engine  # noqa: E402
from broadsheet.lexicon.app_settings import DEFAULT_SENTENCE_ENCODER  # noqa: E402
from broadsheet.lexicon.builder import build, build_index  # noqa: E402
from broadsheet.lexicon.engine.context import context_window  # noqa: E402

WORDS = [
    "talks",
    "sanctions",
    "intervened",
    "denuclearization",
    "Pyongyang's",
    "amid",
    "the",
    "which",
    "itself",
    "better",
    "officials",
    "announced",
    "negotiations",
    "missile",
    "launched",
    "summit",
    "president",
    "ministry",
    "economy",
    "inflation",
    "rates",
    "bank",
    "exports",
    "tariffs",
    "election",
    "voters",
    "parliament",
    "opposition",
    "protest",
    "carried",
    "court",
    "ruling",
    "prosecutors",
    "investigation",
    "allegations",
    "bribery",
    "scandal",
    "resigned",
    "typhoon",
    "flooding",
    "evacuated",
    "residents",
    "hospital",
    "vaccine",
    "outbreak",
    "surge",
    "soared",
    "plunged",
    "Vladivostok",
    "Seoul",
    "Korea",
    "envoy",
    "diplomatic",
    "alliance",
    "troops",
    "border",
    "drills",
    "warned",
]

SENTENCES_TEMPLATE = [
    "The {w} was discussed at length by officials in Seoul on {d}.",
    "Analysts said the {w} could change the outlook for the region within {n} months.",
    "According to the ministry, the {w} was not expected before {d}, a spokesman said.",
    "Opposition lawmakers criticised the {w} and demanded a full inquiry by {d} into {n} cases.",
    "In a statement released late on {d}, the government said the {w} had been postponed "
    "because of concerns raised by {n} provincial governors and several civic groups.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


DEMO_ARTICLES = ROOT / "src" / "broadsheet" / "newsroom" / "demo" / "articles"
DEMO_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[\"'(]?[A-Z0-9])")
# buckets of the tokens the encoder sees (the window of <= 20 words each side, in
# word pieces, with its two special tokens)
TOKEN_BUCKETS = (16, 24, 32, 48, 64, 10_000)


def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def demo_lookups(rnd: random.Random, n: int) -> list[tuple[str, str]]:
    """n (word, sentence) pairs from the demo articles' bodies, one word of each of n
    sentences drawn at random (the markdown's quote and heading marks removed)."""
    pairs = []
    for path in sorted(DEMO_ARTICLES.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        body = re.sub(r"^[>#\- ]+|[*_]", "", body, flags=re.MULTILINE)
        for line in body.splitlines():
            for sentence in SENTENCE_END.split(line.strip()):
                words = DEMO_WORD.findall(sentence)
                if len(words) > 1:
                    pairs.append((sentence, words))
    chosen = rnd.sample(pairs, min(n, len(pairs)))
    return [(rnd.choice(words), sentence) for sentence, words in chosen]


def _by_tokens(encoder, lookups: list[tuple[str, str]], cpu: list[float]) -> str:
    """CPU p99 of context lookups by the number of tokens the encoder saw."""
    tokenizer = getattr(getattr(encoder, "model", lambda: None)(), "tokenizer", None)
    if tokenizer is None:
        return ""
    buckets: dict[int, list[float]] = {}
    for (word, sentence), t in zip(lookups, cpu, strict=True):
        n = len(tokenizer.encode(context_window(sentence, word)).ids)
        buckets.setdefault(next(b for b in TOKEN_BUCKETS if n <= b), []).append(t)
    cells, low = [], 0
    for top in TOKEN_BUCKETS:
        if top in buckets:
            v = buckets[top]
            label = f"{low + 1}-{top}" if top < TOKEN_BUCKETS[-1] else f">{low}"
            cells.append(f"{label}: n={len(v)} p99 {1000 * _pct(v, 99):.1f}")
        low = top
    return "; ".join(cells)


def _private_mb() -> float:
    """This process's private memory: the pages no other process maps (smaps_rollup)."""
    with open("/proc/self/smaps_rollup") as fh:
        fields = dict(line.split(":", 1) for line in fh.readlines()[1:])
    return sum(int(fields[k].split()[0]) for k in ("Private_Clean", "Private_Dirty")) / 1024


def private_growth_in_a_forked_worker(work) -> float:
    """Fork as the app server forks its workers, run work() in the child, and return the
    private memory the child gained doing it, in MB."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, and leave without running the parent's exit handlers
        try:
            before = _private_mb()
            work()
            os.write(write, f"{_private_mb() - before:.1f}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        report = fh.read()
    os.waitpid(pid, 0)
    if not report:
        raise RuntimeError("the forked worker failed")
    return float(report)


def _memory_child(index: str, with_model: bool) -> None:
    gc.collect()
    before = _rss_mb()
    lex = engine.Lexicon(index, engine.load_encoder(DEFAULT_SENTENCE_ENCODER))
    for w in WORDS:
        engine.lookup(lex, w)
    after_open = _rss_mb()
    # then 5,000 different frequent words, to fill the per-process caches
    con = lex._con()
    words = [r[0] for r in con.execute("SELECT word FROM freq ORDER BY zipf DESC LIMIT 5000")]
    for w in words:
        with contextlib.suppress(engine.InvalidQuery):
            engine.lookup(lex, w)
    after_many = _rss_mb()
    out = {"index_mb": after_open - before, "many_mb": after_many - before}
    if with_model:
        anon, mapped = _rss_mb("RssAnon"), _rss_mb("RssFile")
        engine.lookup(lex, "bank", "He sat on the bank of the river.")
        out["model_mb"] = _rss_mb() - after_many
        out["model_anon_mb"] = _rss_mb("RssAnon") - anon
        out["model_file_mb"] = _rss_mb("RssFile") - mapped
        sentences = [f"Officials said on day {i} the talks were called off." for i in range(50)]

        def lookups() -> None:
            forked = engine.Lexicon(index, lex.encoder)  # SQLite: a connection per process
            for sentence in sentences:
                engine.lookup(forked, "talks", sentence)

        out["forked_mb"] = private_growth_in_a_forked_worker(lookups)
    print(json.dumps(out))


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _context_rows(
    label: str, lex, encoder, lookups: list[tuple[str, str]], cpu_note: str
) -> list[tuple[str, str, str]]:
    """Time each (word, sentence) lookup, wall and CPU; the rows that report them."""
    wall, cpu = [], []
    for word, sentence in lookups:
        c = time.process_time()
        t = time.perf_counter()
        with contextlib.suppress(engine.InvalidQuery):
            engine.lookup(lex, word, sentence)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return [
        (label, _median_p99(wall), "p99 < 20 ms"),
        ("  same, CPU time of the process", _median_p99(cpu), cpu_note),
        ("    CPU p99 by encoder tokens", _by_tokens(encoder, lookups, cpu), ""),
    ]


def _encoder_rows(encoder, lookups: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """CPU time of the forward pass alone on the lookups' windows, ONNX Runtime and the
    numpy network in turns on the same token ids; their ratio is the same-run reference."""
    model = encoder.model()
    onnx_cpu, numpy_cpu = [], []
    for i, (word, sentence) in enumerate(lookups):
        ids = np.array([model.tokenizer.encode(context_window(sentence, word)).ids])
        mask = np.ones(ids.shape, dtype=np.float32)
        runs = [
            (onnx_cpu, model._forward),
            (numpy_cpu, lambda a, m: numpy_forward(model._weights, a, m)),
        ]
        for times, run in runs if i % 2 else runs[::-1]:
            c = time.process_time()
            run(ids, mask)
            times.append(time.process_time() - c)
    ratio = statistics.median(onnx_cpu) / statistics.median(numpy_cpu)
    p99 = _pct(onnx_cpu, 99) / _pct(numpy_cpu, 99)
    return [
        ("encoder pass, ONNX Runtime, CPU", _median_p99(onnx_cpu), ""),
        ("encoder pass, numpy network, CPU", _median_p99(numpy_cpu), "the same run's reference"),
        ("  ONNX Runtime / numpy", f"median x{ratio:.2f}, p99 x{p99:.2f}", ""),
    ]


def _median_p99(seconds: list[float]) -> str:
    return (
        f"median {1000 * statistics.median(seconds):.2f} ms, p99 {1000 * _pct(seconds, 99):.2f} ms"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.environ.get("BROADSHEET_DATA_DIR", str(ROOT / "var")))
    ap.add_argument("--rebuild", action="store_true", help="also time a full index build")
    ap.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child[0], args.memory_child[1] == "1")
        return 0

    encoder = engine.load_encoder(DEFAULT_SENTENCE_ENCODER)
    load0 = f"{os.getloadavg()[0]:.2f}"
    rows: list[tuple[str, str, str]] = []
    if args.rebuild:
        with tempfile.TemporaryDirectory() as tmp:
            timings = build(engine.index_path(tmp), encoder)
        rows.append(("index build", f"{timings['total_s']:.0f} s", "a few minutes, once"))
        if "vectors_s" in timings:
            rows.append(
                (
                    "  of which sense vectors",
                    f"{timings['vectors_s']:.0f} s ({int(timings['vectors'])} synsets)",
                    "",
                )
            )
    index, _timings = build_index(args.data_dir, encoder)
    rows.append(("index size", f"{index.stat().st_size / 1e6:.1f} MB", "one shared file"))

    lex = engine.Lexicon(index, encoder)
    rnd = random.Random(7)
    for w in WORDS:  # warm the OS page cache, not the lookup caches below
        engine.lookup(lex, w)

    # no context: a fresh Lexicon per round so its small Python caches start cold
    cold, warm = [], []
    for _ in range(20):
        fresh = engine.Lexicon(index, encoder)
        for w in WORDS:
            t = time.perf_counter()
            engine.lookup(fresh, w)
            cold.append(time.perf_counter() - t)
        for w in WORDS:
            t = time.perf_counter()
            engine.lookup(fresh, w)
            warm.append(time.perf_counter() - t)
    rows.append(
        (
            "lookup, no context (cold caches)",
            f"median {1000 * statistics.median(cold):.3f} ms, p99 {1000 * _pct(cold, 99):.2f} ms",
            "median < 1 ms",
        )
    )
    rows.append(
        (
            "lookup, no context (warm caches)",
            f"median {1000 * statistics.median(warm):.3f} ms, p99 {1000 * _pct(warm, 99):.2f} ms",
            "",
        )
    )

    # with context: every sentence distinct, so the context-vector cache never hits
    engine.lookup(lex, "bank", "The bank raised rates.")  # load the model once
    made = []
    for i in range(400):
        w = rnd.choice(WORDS)
        made.append((w, rnd.choice(SENTENCES_TEMPLATE).format(w=w, d=rnd.choice(DAYS), n=i)))
    rows += _context_rows(
        "lookup with context (new sentence)",
        lex,
        encoder,
        made,
        "(one thread; equals wall time on an idle core)",
    )

    # the demo articles' own sentences (every one new to the cache)
    demo = demo_lookups(rnd, 400)
    rows += _context_rows("lookup with context, demo articles", lex, encoder, demo, "")
    if lex.has_vectors:
        rows += _encoder_rows(encoder, demo)

    # another word of a sentence already looked up: its token states come from the cache,
    # and only the pooling around the new word is done again (the first word's lookup
    # encodes the sentence only when that word has several senses: encode it anyway)
    same_times, same_cpu = [], []
    for i in range(400):
        w = rnd.choice(WORDS)
        s = rnd.choice(SENTENCES_TEMPLATE).format(w=w, d=rnd.choice(DAYS), n=i)
        engine.lookup(lex, w, s)
        lex.context_vector(context_window(s, w))  # encoded even when w had one sense
        other = rnd.choice(s.split()).strip(".,;:")
        with contextlib.suppress(engine.InvalidQuery):
            c = time.process_time()
            t = time.perf_counter()
            engine.lookup(lex, other, s)
            same_times.append(time.perf_counter() - t)
            same_cpu.append(time.process_time() - c)
    rows.append(("lookup with context (same sentence)", _median_p99(same_times), ""))
    rows.append(("  same, CPU time of the process", _median_p99(same_cpu), ""))

    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(index), "1" if lex.has_vectors else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    mem = json.loads(out.stdout.strip().splitlines()[-1])
    rows.append(("RSS added by the index (+ lookups)", f"{mem['index_mb']:.1f} MB", "< 150 MB"))
    rows.append(("  after 5,000 different words", f"{mem['many_mb']:.1f} MB", "< 150 MB"))
    if "model_mb" in mem:
        rows.append(
            (
                "RSS added by the sense model",
                f"{mem['model_mb']:.1f} MB",
                "reported (weights memory-mapped, shared)",
            )
        )
        rows.append(
            (
                "  of which file-backed / anonymous",
                f"{mem['model_file_mb']:.1f} MB / {mem['model_anon_mb']:.1f} MB",
                "in a process that loads it itself",
            )
        )
        rows.append(
            (
                "private memory of a forked worker",
                f"{mem['forked_mb']:.1f} MB after 50 lookups in context",
                "the model loaded before the fork, as the app server does",
            )
        )

    md = getattr(encoder, "path", None)
    if md is not None:
        size = sum(p.stat().st_size for p in md.rglob("*") if p.is_file())
        rows.append(("sense model install size", f"{size / 1e6:.0f} MB", encoder.identity))

    try:  # optional, for the record
        from threadpoolctl import threadpool_info  # lazy: optional, only for the record

        blas = [(i.get("internal_api"), i.get("num_threads")) for i in threadpool_info()]
    except ImportError:
        blas = os.environ.get("OPENBLAS_NUM_THREADS", "default threads")
    print(f"load average before/after: {load0} / {os.getloadavg()[0]:.2f}; BLAS: {blas}")
    w1 = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    print(f"{'measure':<{w1}}  {'result':<{w2}}  target")
    print(f"{'-' * w1}  {'-' * w2}  ------")
    for a, b, c in rows:
        print(f"{a:<{w1}}  {b:<{w2}}  {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
