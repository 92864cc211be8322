"""CPU time of every moderation rule, the cleaning and a whole comment post, on hostile input.

    ./run bench rule_cpu [--repeat 5] [--no-request]

Every input is as large as the bounded input lets through (TALK_INPUT_FACTOR times the
comment limit in code points, at most TALK_MAX_COMBINING_MARKS marks per character):
combining marks at the cap, 1,000 spaces, repeated characters, long digit runs, many URLs,
mixed scripts, conjoining jamo, emoji joined into one character, full-width forms. For each
it measures, with time.process_time (the median of --repeat runs):

- the cleaning (`screening.clean_text`: the code-point bound, NFC, trimming, counting), on
  every input, refused ones included;
- every rule of every rule list in talk/moderation.py (rules added later are timed too),
  on the cleaned text of each input that is accepted, with the demo's word lists and
  200 recent comments of the same hostile text (the duplicate rule compares them all);
- the whole request: POST /api/comments/articles/<id> through Django's test client as a
  logged-in reader (SQLite in a temporary data directory, rate limits lifted).

It prints the worst input of each and whether it stays under 50 ms of CPU. The results are
in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, benchmarks/ is not yet importable

from benchmarks._demo_site import start_demo_site  # noqa: E402

BUDGET_MS = 50.0
CONTROL = "an ordinary comment (control)"


def hostile_inputs(max_code_points: int, max_marks: int) -> dict[str, str]:
    """Inputs of the largest size the bounded input allows, each against some weak spot."""
    n = max_code_points
    per_cluster = max_marks + 1
    urls = "".join(f"http://a{i}.example.com/{i} " for i in range(200))
    mixed = "Aа아αא٣ｂ1 "  # Latin, Cyrillic, Hangul, Greek, Hebrew, Arabic digit, full-width
    return {
        CONTROL: (
            "The talks in Beijing matter less than the summit after them; "
            "let us see what the two leaders actually sign this time. "
        )
        * 2,
        "combining marks at the cap": ("e" + "\u0301" * max_marks) * (n // per_cluster),
        "combining marks of many kinds": ("a" + "".join(chr(0x0300 + i) for i in range(max_marks)))
        * (n // per_cluster),
        "1,000 spaces": " " * n,
        "spaces inside, 250 characters": "a" + " " * 248 + "b",
        "ideographic spaces and tabs": "\u3000\t" * (n // 2),
        "a word in 998 spaces": " " * 499 + "word" + " " * 497,
        "one letter repeated": "a" * 250,
        "two letters repeated": "ab" * 125,
        "one word repeated": "spam " * 50,
        "exclamation marks": "!" * 250,
        "a Hangul syllable repeated": "아" * 250,
        "a long digit run": "1" * 250,
        "digits and spaces": "1 " * 125,
        "digits, dots and dashes": "010-1234." * 27,
        "phone-like groups": "(02) 123-4567 " * 17,
        "Korean spelled digits": "공일공 일이삼사 오육칠팔 " * 17,
        "resident-number shapes": "900101-1234567 " * 16,
        "many URLs": urls[:250],
        "dotted names": "a." * 125,
        "disguised dots": "a (dot) com " * 20,
        "e-mail shapes": "a@b." * 62,
        "at and dot words": "name at mail dot com " * 11,
        "mixed scripts": (mixed * 40)[:250],
        "single letters (i d i o t)": "i d " * 62,
        "leet digits": "1d10t " * 41,
        "capitals": "SHOUT " * 41,
        "conjoining jamo, one character": "\u1100" * n,
        "jamo vowels, one character": "\u1161" * n,
        "jamo finals, one character": "\u11a8" * n,
        "compatibility jamo": "ㅅㅣㅂㅏㄹ" * 50,
        "emoji joined into one character": ("\U0001f44d\u200d" * (n // 2))[: n - 1],
        "full-width letters": "Ａ" * 250,
        "full-width URL": "ｈｔｔｐ：／／ｅｘａｍｐｌｅ．ｃｏｍ " * 12,
        "full-width digits": "０１０１２３４５６７８ " * 20,
    }


def cpu_ms(call: Callable[[], object], repeat: int) -> float:
    """The median process CPU time of `call`, in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs)


def rules_of(moderation) -> dict[str, Callable]:
    """Every function in every rule list of talk/moderation.py that takes a Submission."""
    found: dict[str, Callable] = {}
    for value in vars(moderation).values():
        if not isinstance(value, list | tuple) or not value:
            continue
        if not all(inspect.isfunction(item) for item in value):
            continue
        for rule in value:
            params = list(inspect.signature(rule).parameters.values())
            if len(params) == 1 and "Submission" in str(params[0].annotation):
                found[rule.__name__] = rule
            else:
                print(f"  (not timed: {rule.__name__} takes {params})")
    return found


def setup_django() -> None:
    start_demo_site("bench-rule-cpu-", TALK_TOXICITY_URL="")


Figures = dict[str, dict[str, float]]  # what was timed -> input -> CPU ms


def report(title: str, figures: Figures, detail: int = 0) -> bool:
    """The worst input of each timed thing; `detail` more of the worst for each."""
    print(f"\n{title}")
    ok = True
    worst = {
        name: max(by_input.items(), key=lambda item: item[1]) for name, by_input in figures.items()
    }
    for name, (label, ms) in sorted(worst.items(), key=lambda item: -item[1][1]):
        under = ms < BUDGET_MS
        ok &= under
        verdict = "under 50 ms" if under else "OVER 50 ms"
        print(f"  {name:26} {ms:8.2f} ms  {verdict:11}  worst input: {label}")
        ranked = sorted(figures[name].items(), key=lambda item: -item[1])
        for other, other_ms in ranked[1 : 1 + detail]:
            print(f"  {'':26} {other_ms:8.2f} ms  {'':11}  then: {other}")
        if detail and CONTROL in figures[name]:
            print(f"  {'':26} {figures[name][CONTROL]:8.2f} ms  {'':11}  control: {CONTROL}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-request", action="store_true", help="skip the whole-request run")
    args = parser.parse_args()
    setup_django()
    # Django's modules are imported once setup_django() has chosen the settings and data.
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from broadsheet.newsroom.services import find_section
    from broadsheet.talk import app_settings, moderation
    from broadsheet.talk.errors import CommentError
    from broadsheet.talk.models import Commenter, ModerationSettings
    from broadsheet.talk.services.screening import clean_text, word_lists

    limit, cap = app_settings.max_comment_input(), app_settings.max_combining_marks()
    inputs = hostile_inputs(limit, cap)
    print(f"{len(inputs)} inputs, at most {limit} code points, {cap} marks per character")

    cleaning: Figures = {"clean_text": {}}
    accepted: dict[str, str] = {}
    for label, text in inputs.items():
        assert len(text) <= limit, label

        def clean(text=text) -> str | None:
            try:
                return clean_text(text)
            except CommentError:
                return None

        cleaning["clean_text"][label] = cpu_ms(clean, args.repeat)
        cleaned = clean()
        if cleaned is not None:
            accepted[label] = cleaned
    refused = sorted(set(inputs) - set(accepted))
    print(f"accepted by the cleaning: {len(accepted)}; refused: {', '.join(refused)}")

    banned, suspect = word_lists()
    now = timezone.now()
    times = tuple(now - timedelta(seconds=i) for i in range(200))
    rules = rules_of(moderation)
    per_rule: Figures = {name: {} for name in [*rules, "(every rule: moderate)"]}
    for label, text in accepted.items():
        facts = moderation.Submission(
            text=text,
            now=now,
            banned_words=banned,
            suspect_words=suspect,
            recent_texts=(text,) * 200,
            author_recent_times=times,
            ip_recent_times=times,
            account_limit=10000,
            ip_limit=10000,
            toxicity=0.5,
        )
        for name, rule in rules.items():
            per_rule[name][label] = cpu_ms(lambda rule=rule, facts=facts: rule(facts), args.repeat)
        per_rule["(every rule: moderate)"][label] = cpu_ms(
            lambda facts=facts: moderation.moderate(facts), args.repeat
        )
    print(f"word lists: {len(banned)} banned, {len(suspect)} suspect; 200 recent comments")
    ok = report("Cleaning (every input)", cleaning, detail=2)
    each_rule = {name: by_input for name, by_input in per_rule.items() if name in rules}
    ok &= report("Rules (CPU per call, worst input of each)", each_rule)
    ok &= report(
        "All the rules of one comment, the next worst inputs",
        {"(every rule: moderate)": per_rule["(every rule: moderate)"]},
        detail=4,
    )

    if not args.no_request:
        config = ModerationSettings.load()
        config.hold_first_comments, config.account_limit, config.ip_limit = 0, 100000, 100000
        config.save()
        user = get_user_model().objects.create_user(username="bench-rule-cpu")
        Commenter.objects.create(
            user=user, display_name="Rule CPU bench", accepted_policy_at=timezone.now()
        )
        article = find_section("national/politics").articles().first()
        client = Client()
        client.force_login(user)
        serial = iter(range(10**6))

        def post(text: str) -> int:
            return client.post(
                f"/api/comments/articles/{article.pk}",
                {"text": text},
                content_type="application/json",
                headers={"Idempotency-Key": f"bench-cpu-{next(serial):08d}"},
            ).status_code

        post("A warm-up comment.")
        whole: Figures = {"POST comment (API)": {}}
        statuses: dict[str, int] = {}
        for label, text in inputs.items():
            statuses[label] = post(text)
            whole["POST comment (API)"][label] = cpu_ms(lambda text=text: post(text), args.repeat)
        ok &= report("Whole request (test client, SQLite)", whole, detail=4)
        counts = Counter(statuses.values())
        print("  answers:", ", ".join(f"{n} x {status}" for status, n in sorted(counts.items())))
    print("\nevery figure under 50 ms of CPU:", "yes" if ok else "NO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
