"""./run manage load_glossary FILE: load a bilingual glossary (format: docs/dictionary.md)."""

from django.core.management.base import BaseCommand, CommandError

from broadsheet.lexicon.glossary_files import GlossaryFileError, load_glossary_file


class Command(BaseCommand):
    help = (
        "Load a bilingual glossary (UTF-8 TSV or CSV with a header row naming the column "
        "term, one gloss column per language (korean or ko, ja ...) and optionally "
        "explanation and kind). Malformed rows are reported by line and skipped; loading "
        "the file again updates the terms."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .tsv or .csv file to load")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also remove loaded terms that are not in this file",
        )

    def handle(self, *args, **options):
        try:
            report = load_glossary_file(options["file"], replace=options["replace"])
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{options['file']}: is a directory, not a file") from None
        except GlossaryFileError as error:
            raise CommandError(f"{options['file']}: {error}") from None
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(problem))
        summary = (
            f"glossary: {report.created} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.problems)} skipped"
        )
        if options["replace"]:
            summary += f", {report.removed} removed"
        self.stdout.write(summary)
