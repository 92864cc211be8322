"""./run manage profile_articles: compute the vocabulary profile of every live article."""

from django.core.management.base import BaseCommand, CommandError

from broadsheet.lexicon.profile import profile_articles
from broadsheet.lexicon.runtime import LexiconUnavailable, open_lexicon


class Command(BaseCommand):
    help = (
        "Compute the vocabulary profile (level and words to know) of every live article, "
        "as publishing does; for articles published before profiles existed or while the "
        "dictionary index was missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="only articles that have no profile yet"
        )

    def handle(self, *args, **options):
        try:
            open_lexicon()
        except LexiconUnavailable as error:
            raise CommandError(str(error)) from None
        seconds = profile_articles(only_missing=options["missing"], log_line=self.stdout.write)
        if not seconds:
            self.stdout.write("vocabulary profiles: no article to profile")
