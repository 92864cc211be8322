"""./run manage load_demo: the demo newspaper, when the database has none yet."""

from django.core.management.base import BaseCommand

from broadsheet.web.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, articles...) if there are no articles yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even if articles exist")

    def handle(self, *args, force=False, **options):
        load_demo(force=force, log=self.stdout.write)
