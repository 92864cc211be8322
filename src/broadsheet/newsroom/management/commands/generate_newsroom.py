"""./run manage generate_newsroom --articles N --comments M: a synthetic archive in bulk."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks

from broadsheet.newsroom.generator.articles import generate_articles


class Command(BaseCommand):
    help = (
        "Add N synthetic published articles (sections, authors, tags, body blocks, dates over"
        " years) and M comments, written in bulk, for load and scale tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="articles to add")
        parser.add_argument("--comments", type=int, default=0, help="comments to add")
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same text)"
        )
        parser.add_argument("--years", type=int, default=10, help="years the dates spread over")
        parser.add_argument("--chunk", type=int, default=10_000, help="articles per transaction")

    def handle(self, *args, articles, comments, seed, years, chunk, **options):
        if articles < 1 or comments < 0 or years < 1 or chunk < 1:
            raise CommandError("--articles, --years and --chunk must be positive, --comments >= 0")
        started = time.monotonic()

        def log(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}")

        generated = generate_articles(articles, seed=seed, years=years, chunk=chunk, log=log)
        for fn in hooks.get_hooks("broadsheet_generate_data"):
            fn(generated, comments=comments, seed=seed, log=log)
        log(f"done: {generated.count} articles (ids {generated.first_id}-{generated.last_id})")
