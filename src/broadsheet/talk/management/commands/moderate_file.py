"""./run manage moderate_file FILE [--lang ko|en] [--format tsv|json]

Every content rule over a file of comments (UTF-8, one a line) with the site's current
settings and word lists: each line's verdict (publish, hold, reject; invalid for a line the
comment form would refuse) and the rules that decided it, then a summary. Moderators use it to
try a changed list on past comments before importing it (talk/services/trial.py).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from broadsheet.talk.services.trial import Summary, summarise, try_lines


class Command(BaseCommand):
    help = "Run the comment rules over a file of comments, one a line, and print the verdicts."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 text, one comment a line ('-' for stdin)")
        parser.add_argument("--lang", choices=["ko", "en"], help="only this language's lists")
        parser.add_argument("--format", choices=["tsv", "json"], default="tsv")

    def handle(self, *args, **options):
        try:
            handle = (
                sys.stdin if options["file"] == "-" else open(options["file"], encoding="utf-8")  # noqa: SIM115 - closed below
            )
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from error
        summary = Summary()
        try:
            verdicts = summarise(try_lines(handle, options["lang"]), summary)
            if options["format"] == "json":
                lines = [v.as_dict() for v in verdicts]
                self.stdout.write(
                    json.dumps({"lines": lines, "summary": summary.as_dict()}, ensure_ascii=False)
                )
                return
            self.stdout.write("line\tverdict\trules\ttext")
            for v in verdicts:
                rules = ", ".join(
                    f"{f.rule}({f.detail})" if f.detail else f.rule for f in v.findings
                )
                self.stdout.write(f"{v.number}\t{v.verdict}\t{rules or v.error}\t{v.text}")
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8 text: {error.reason}") from error
        finally:
            if handle is not sys.stdin:
                handle.close()
        self.stdout.write("")
        self.stdout.write(f"# {summary.lines} lines")
        for verdict in ("publish", "hold", "reject", "invalid"):
            self.stdout.write(f"# {verdict}: {summary.verdicts.get(verdict, 0)}")
        for rule, count in summary.rules.most_common():
            self.stdout.write(f"# rule {rule}: {count}")
