"""./run manage build_lexicon: compile the dictionary index under the data directory once.

Quick when the index is current (same FORMAT, same sentence encoder); otherwise builds it
(a few minutes). The only importer of ``broadsheet.lexicon.builder``.
"""

from django.core.management.base import BaseCommand

from broadsheet.lexicon import app_settings
from broadsheet.lexicon.builder import build_index
from broadsheet.lexicon.runtime import sentence_encoder


class Command(BaseCommand):
    help = "Build the dictionary index from the installed dictionary data, if not built yet."
    requires_system_checks: list[str] = []  # reads no model or URL; ./run calls it often

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if current")

    def handle(self, *args, **options):
        encoder = sentence_encoder()
        path, timings = build_index(
            app_settings.data_dir(),
            encoder,
            force=options["force"],
            log=lambda message: self.stderr.write(message),
        )
        state = "built" if timings else "current"
        self.stdout.write(f"dictionary index: {path} ({state})")
