"""Word-sense disambiguation on SemEval-2007 (Raganato et al. 2017 framework).

    python benchmarks/wsd.py [--data-dir DIR] [--alpha A] [--window N] [--spread S]
    python benchmarks/wsd.py --sweep        (ALPHA x window on the tune half only)

Reads the data where the project's shared folder keeps it (never copied into the project;
set $BROADSHEET_WSD_DIR to point elsewhere), ranks the candidate senses of every instance
with ``lexicon.engine.ranking`` (the same code the API uses, with the instance's lemma and part
of speech as the framework gives them and its sentence as the context) and prints the F1
of the top sense next to the WordNet first-sense baseline. Every instance gets an answer,
so precision = recall = F1.

The set is split by sentence into a tune half and a held-out half (``half()``: the parity of
the first byte of the SHA-256 of the sentence id, so the words of one sentence stay
together); the settings were tuned on the tune half only, and the held-out half is the
figure that tests/lexicon/test_wsd.py asserts. All three are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from broadsheet.lexicon.app_settings import DEFAULT_SENTENCE_ENCODER  # noqa: E402
from broadsheet.lexicon.builder import build_index  # noqa: E402
from broadsheet.lexicon.engine import Lexicon, context, index, load_encoder, ranking  # noqa: E402

POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
DEFAULT_WSD_DIR = ROOT.parent / "shared" / "wsd" / "semeval2007"


def load(wsd_dir: Path):
    gold = {}
    with open(wsd_dir / "semeval2007.gold.key.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            gold[parts[0]] = set(parts[1:])
    instances = []
    root = ET.parse(wsd_dir / "semeval2007.data.xml").getroot()  # noqa: S314 (trusted local file)
    for sentence in root.iter("sentence"):
        words = [el.text or "" for el in sentence]
        text = " ".join(words)
        for el in sentence:
            if el.tag == "instance":
                instances.append((el.get("id"), el.get("lemma"), POS[el.get("pos")], el.text, text))
    return instances, gold


HALVES = ("tune", "held-out")


def half(instance_id: str) -> str:
    """'tune' or 'held-out', by the instance's sentence (d000.s000 of d000.s000.t001)."""
    sentence = instance_id.rsplit(".", 1)[0]
    return HALVES[hashlib.sha256(sentence.encode()).digest()[0] % 2]


def score(lex, instances, gold):
    """{part: (instances, first-sense hits, ranked hits)} for 'tune', 'held-out', 'all';
    and the ranking time of each instance (seconds)."""
    counts = {part: [0, 0, 0] for part in (*HALVES, "all")}
    times = []
    for iid, lemma, pos, surface, sentence in instances:
        cands = ranking.candidates(lex, {pos: [lemma]})
        first = ranked = False
        if cands:
            first = min(cands, key=lambda c: c.rank).key in gold[iid]
            t = time.perf_counter()
            order, _ = ranking.order(lex, cands, sentence, surface, None)
            times.append(time.perf_counter() - t)
            ranked = order[0][0].key in gold[iid]
        for part in (half(iid), "all"):
            counts[part][0] += 1
            counts[part][1] += first
            counts[part][2] += ranked
    return {p: tuple(c) for p, c in counts.items()}, times


SWEEP_ALPHAS = (0.05, 0.06, 0.065, 0.07, 0.075, 0.08, 0.09, 0.10, 0.11)
SWEEP_WINDOWS = (8, 10, 12, 15, 20, 25, 30)


def sweep(lex, instances, gold) -> None:
    """F1 on the TUNE half for each ALPHA x window (the held-out half is not scored)."""
    tune = [inst for inst in instances if half(inst[0]) == "tune"]
    index.CONTEXT_CACHE = 10_000  # every tune sentence stays encoded across alphas
    print(f"Tune half ({len(tune)} instances), F1 of the top sense; spread {ranking.FOCUS_SPREAD}")
    print("  window " + " ".join(f"{a:>6}" for a in SWEEP_ALPHAS))
    for window in SWEEP_WINDOWS:
        context.CONTEXT_WINDOW = window
        cells = []
        for alpha in SWEEP_ALPHAS:
            ranking.ALPHA = alpha
            n, _first, ranked = score(lex, tune, gold)[0]["tune"]
            cells.append(f"{100 * ranked / n:>6.1f}")
        print(f"  {window:>6} " + " ".join(cells), flush=True)


def open_for_tuning() -> tuple[Lexicon, list, dict]:
    """For the sweeps of benchmarks/wsd_*.py (their only option is --data-dir): the default
    encoder's index, the set and its gold keys, with every sentence's encoding kept across
    settings. Exits with a message when the encoder is not installed."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.environ.get("BROADSHEET_DATA_DIR", str(ROOT / "var")))
    args = ap.parse_args()
    encoder = load_encoder(DEFAULT_SENTENCE_ENCODER)
    if encoder is None:
        raise SystemExit("the sentence encoder is not installed")
    lex = Lexicon(build_index(args.data_dir, encoder)[0], encoder)
    instances, gold = load(Path(os.environ.get("BROADSHEET_WSD_DIR", DEFAULT_WSD_DIR)))
    index.CONTEXT_CACHE = 10_000
    return lex, instances, gold


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.environ.get("BROADSHEET_DATA_DIR", str(ROOT / "var")))
    ap.add_argument("--wsd-dir", default=os.environ.get("BROADSHEET_WSD_DIR", str(DEFAULT_WSD_DIR)))
    ap.add_argument("--alpha", type=float, default=ranking.ALPHA)
    ap.add_argument("--window", type=int, default=context.CONTEXT_WINDOW)
    ap.add_argument("--spread", type=float, default=ranking.FOCUS_SPREAD, help="0: plain mean")
    ap.add_argument("--encoder", default=DEFAULT_SENTENCE_ENCODER, help="dotted path")
    ap.add_argument("--sweep", action="store_true", help="ALPHA x window, tune half only")
    args = ap.parse_args()
    ranking.ALPHA = args.alpha
    ranking.FOCUS_SPREAD = args.spread
    context.CONTEXT_WINDOW = args.window
    enc = load_encoder(args.encoder)
    lex = Lexicon(build_index(args.data_dir, enc)[0], enc)
    instances, gold = load(Path(args.wsd_dir))
    if enc is not None:  # load the model and page its weights in before timing
        enc.encode(["warm up the encoder"])

    if args.sweep:
        sweep(lex, instances, gold)
        return 0
    counts, times = score(lex, instances, gold)
    times.sort()
    print(f"SemEval-2007 ({len(instances)} instances), WordNet 3.0 sense keys")
    print(
        f"  settings: alpha={args.alpha}, window={args.window} words each side, "
        f"focus spread={args.spread} tokens"
    )
    print(f"  {'part':<10} {'instances':>9} {'first-sense F1':>15} {'ranked F1':>10}")
    for part, (n, first, ranked) in counts.items():
        print(f"  {part:<10} {n:>9} {100 * first / n:>15.1f} {100 * ranked / n:>10.1f}")
    print(
        f"  ranking time per instance: median {1000 * times[len(times) // 2]:.2f} ms "
        "(context encodings cached per sentence; latency is measured by lexicon_speed.py)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
