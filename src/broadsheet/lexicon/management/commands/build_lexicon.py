"""./run manage build_lexicon: compile the dictionary index under the data directory once."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Build the dictionary index from the installed dictionary data, if not built yet."

    def handle(self, *args, **options):
        from broadsheet.lexicon.build import ensure_index

        path = ensure_index(settings.DATA_DIR)
        self.stdout.write(f"dictionary index: {path}")
