"""A saved word's definition records its language (SavedWord.definition_language).

Until now a definition was English from the dictionary, or the dictionary's note in the
reader's language when the word had no entry ("Not in the dictionary; ..."), and the
pages marked both lang="en". Existing rows are carried over: a definition with Hangul in
it is a note saved by a Korean reader ("ko"); every other one is English ("en"), which is
exact for the site's languages so far (English and Korean).
"""

import re

from django.db import migrations, models

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def mark_korean_notes(apps, schema_editor):
    SavedWord = apps.get_model("lexicon", "SavedWord")
    korean = [
        pk
        for pk, definition in SavedWord.objects.values_list("pk", "definition").iterator()
        if HANGUL.search(definition)
    ]
    for start in range(0, len(korean), 1000):
        SavedWord.objects.filter(pk__in=korean[start : start + 1000]).update(
            definition_language="ko"
        )


class Migration(migrations.Migration):
    dependencies = [("lexicon", "0002_glosses_as_rows")]

    operations = [
        migrations.AddField(
            model_name="savedword",
            name="definition_language",
            field=models.CharField(
                blank=True, default="en", max_length=15, verbose_name="definition language"
            ),
        ),
        migrations.RunPython(mark_korean_notes, migrations.RunPython.noop),
    ]
