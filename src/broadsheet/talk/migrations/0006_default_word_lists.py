"""The default word lists (talk/data/words/{ko,en}.tsv) into ModeratedWord.

Adds each default entry whose term is not on either list yet; never changes or removes an
entry a moderator made or edited, so it is safe on a site with lists of its own. Entries kept
from before 0004 keep their words and got the `word` match mode there. Later changes to the
files reach a site through the admin's import (Moderated words > Import) or
`./run manage moderate_file` to try them first; this migration runs once.
"""

from django.db import migrations

from broadsheet.talk.wordmatch.listfile import default_entries


def load_defaults(apps, schema_editor):
    ModeratedWord = apps.get_model("talk", "ModeratedWord")
    taken = set(ModeratedWord.objects.values_list("word", flat=True))
    ModeratedWord.objects.bulk_create(
        ModeratedWord(
            word=e.term,
            kind=e.kind,
            match_mode=e.mode,
            clause=e.clause,
            language=e.language,
            note=e.note,
        )
        for e in default_entries()
        if e.term not in taken
    )


class Migration(migrations.Migration):
    dependencies = [("talk", "0005_word_match_mode")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
