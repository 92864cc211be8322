"""./run manage import_articles [--section national/politics] FILE...

Reads IPTC ninjs (.json) and Markdown-with-front-matter (.md) files and publishes them.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.newsroom.services import ImportProblem, import_files


class Command(BaseCommand):
    help = "Create or update published articles from ninjs JSON or Markdown files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--section", help="slug path of the section, e.g. national/politics")

    def handle(self, *args, files, section=None, **options):
        failures = 0
        for result in import_files(files, section):
            if isinstance(result, ImportProblem):
                failures += 1
                self.stderr.write(f"error  {result}")
                continue
            verb = "created" if result.created else "updated"
            url = result.article.get_full_url()
            self.stdout.write(f"{verb}  {url}  {result.article.title}")
            for note in result.notes:
                self.stdout.write(f"  note: {note}")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) could not be imported")
