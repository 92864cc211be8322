"""The default word lists and every content rule, measured on real comments.

    python benchmarks/moderation.py [--data-dir DIR] [--per-term] [--part tune|held-out]

Reads the labelled Korean news comments where the project's shared folder keeps them
(../shared/moderation/ko-news-comments; never copied into the project; $BROADSHEET_MODERATION_DIR
or --data-dir point elsewhere), splits train.tsv by a hash of each comment's text into a `tune`
part (about half, the only part the lists were tuned on) and a `held-out` part, and runs the
content rules (moderation.CONTENT_RULES: word lists, personal data, links, shouting, repeats)
with the default lists of talk/data/words/ and an established reader's settings over each
comment. Prints, per part, how many comments of each label were held or rejected, then the
same for ordinary news text: the demo articles' sentences, the corpus's news titles and the
English sentences of SemEval-2007 (../shared/wsd/semeval2007). `--per-term` lists which entry
decided how many comments of each label on the tune part (what tuning looks at).
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import os
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from broadsheet.talk.moderation import (  # noqa: E402
    CONTENT_RULES,
    Outcome,
    Submission,
    Verdict,
    moderate,
)
from broadsheet.talk.wordmatch.listfile import default_entries  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = "moderation/ko-news-comments"
LABELS = ("none", "offensive", "hate")
# The targets, on the held-out part (fractions of the comments of a label).
TARGETS = {
    "none_flagged_max": 0.03,
    "none_rejected_max": 0.005,
    "hate_flagged_min": 0.35,
    "offensive_flagged_min": 0.15,
    "news_rejected_max": 0.0,
    "news_held_max": 0.01,
}
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def part_of(text: str) -> str:
    """`tune` or `held-out`, fixed by the text itself (the same on every machine)."""
    return "tune" if hashlib.sha256(text.encode("utf-8")).digest()[0] < 128 else "held-out"


def load_comments(corpus_dir: Path) -> list[tuple[str, str]]:
    """(comment, label) rows of train.tsv."""
    with open(corpus_dir / "train.tsv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(row[0], row[3]) for row in reader if len(row) >= 4]


def news_titles(corpus_dir: Path) -> list[str]:
    lines = (corpus_dir / "train.news_title.txt").read_text(encoding="utf-8").splitlines()
    return sorted({line.strip() for line in lines if line.strip()})


def demo_sentences() -> list[str]:
    """Sentences of the demo articles (their Markdown body, headings and quotes included)."""
    sentences: list[str] = []
    for path in sorted((ROOT / "src/broadsheet/newsroom/demo/articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        for paragraph in body.split("\n\n"):
            paragraph = paragraph.strip().lstrip("#>— ").strip()
            sentences += [s for s in _SENTENCE_END.split(paragraph) if s.strip()]
    return sentences


def semeval_sentences(wsd_dir: Path) -> list[str]:
    root = ET.parse(wsd_dir / "semeval2007.data.xml").getroot()  # noqa: S314 (trusted local file)
    return [" ".join(w.text or "" for w in sentence) for sentence in root.iter("sentence")]


def lists() -> tuple[tuple, tuple]:
    entries = default_entries()
    banned = tuple(e.as_term() for e in entries if e.kind == "banned")
    suspect = tuple(e.as_term() for e in entries if e.kind == "suspect")
    return banned, suspect


def judge(text: str, banned: tuple, suspect: tuple) -> Outcome:
    """The content rules' outcome for an established reader's comment."""
    facts = Submission(
        text=text,
        now=datetime(2026, 1, 1, tzinfo=UTC),
        banned_words=banned,
        suspect_words=suspect,
        author_published_count=100,
    )
    return moderate(facts, CONTENT_RULES)


def rates(outcomes: list[Outcome]) -> tuple[int, int, int]:
    """(count, held or rejected, rejected)."""
    flagged = sum(o.verdict >= Verdict.HOLD for o in outcomes)
    rejected = sum(o.verdict >= Verdict.REJECT for o in outcomes)
    return len(outcomes), flagged, rejected


def measure(
    corpus_dir: Path, wsd_dir: Path | None, parts: tuple[str, ...] = ("tune", "held-out")
) -> dict:
    """Every figure the docs report, keyed by what it measures."""
    banned, suspect = lists()
    figures: dict = {}
    by_part: dict[tuple[str, str], list[Outcome]] = collections.defaultdict(list)
    for text, label in load_comments(corpus_dir):
        if (part := part_of(text)) in parts:
            by_part[(part, label)].append(judge(text, banned, suspect))
    for (part, label), outcomes in by_part.items():
        figures[(part, label)] = rates(outcomes)
    news = {"demo articles": demo_sentences(), "news titles": news_titles(corpus_dir)}
    if wsd_dir is not None and wsd_dir.exists():
        news["English news (SemEval-2007)"] = semeval_sentences(wsd_dir)
    for name, sentences in news.items():
        figures[("news", name)] = rates([judge(s, banned, suspect) for s in sentences])
    return figures


def per_term(corpus_dir: Path, part: str) -> None:
    banned, suspect = lists()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for text, label in load_comments(corpus_dir):
        if part_of(text) != part:
            continue
        outcome = judge(text, banned, suspect)
        if outcome.finding is not None:
            counts[f"{outcome.rule}:{outcome.finding.detail}"][label] += 1
    for key, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"{key:40} none {c['none']:4} offensive {c['offensive']:4} hate {c['hate']:4}")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "  n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_dir = os.environ.get("BROADSHEET_MODERATION_DIR") or str(SHARED / CORPUS)
    parser.add_argument("--data-dir", default=default_dir)
    parser.add_argument("--wsd-dir", default=str(SHARED / "wsd" / "semeval2007"))
    parser.add_argument("--per-term", action="store_true")
    parser.add_argument("--part", default="tune", choices=["tune", "held-out"])
    args = parser.parse_args()
    corpus_dir = Path(args.data_dir)
    if not (corpus_dir / "train.tsv").exists():
        print(f"no corpus at {corpus_dir} (see --data-dir)", file=sys.stderr)
        return 2
    if args.per_term:
        per_term(corpus_dir, args.part)
        return 0
    figures = measure(corpus_dir, Path(args.wsd_dir))
    print("Comments (ko-news-comments train.tsv), default lists, content rules:")
    print(f"{'part':9} {'label':10} {'comments':>8} {'held or rejected':>17} {'rejected':>9}")
    for part in ("tune", "held-out"):
        for label in LABELS:
            n, flagged, rejected = figures[(part, label)]
            print(f"{part:9} {label:10} {n:8} {_pct(flagged, n):>17} {_pct(rejected, n):>9}")
    print("\nOrdinary news text:")
    for key, (n, flagged, rejected) in figures.items():
        if key[0] == "news":
            print(
                f"  {key[1]:30} {n:6} sentences  held {_pct(flagged - rejected, n)}"
                f"  rejected {_pct(rejected, n)}"
            )
    print(
        "\nTargets on the held-out part: none <= 3 % flagged and <= 0.5 % rejected; "
        "hate >= 35 %, offensive >= 15 % flagged; news 0 rejected, <= 1 % held."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
