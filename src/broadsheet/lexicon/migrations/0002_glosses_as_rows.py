"""Glosses become rows with a language (GlossaryGloss); the Korean column goes.

Existing Korean glosses are carried over as rows with language "ko"; a saved word's Korean
gloss becomes its gloss, marked "ko". Reversible: the rows in "ko" go back to the column.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import broadsheet.lexicon.models


def korean_to_rows(apps, schema_editor):
    GlossaryTerm = apps.get_model("lexicon", "GlossaryTerm")
    GlossaryGloss = apps.get_model("lexicon", "GlossaryGloss")
    SavedWord = apps.get_model("lexicon", "SavedWord")
    rows = [
        GlossaryGloss(term_id=pk, language="ko", text=korean)
        for pk, korean in GlossaryTerm.objects.exclude(korean="").values_list("pk", "korean")
    ]
    GlossaryGloss.objects.bulk_create(rows, batch_size=1000)
    SavedWord.objects.exclude(gloss="").update(gloss_language="ko")


def rows_to_korean(apps, schema_editor):
    GlossaryTerm = apps.get_model("lexicon", "GlossaryTerm")
    GlossaryGloss = apps.get_model("lexicon", "GlossaryGloss")
    for term_id, text in GlossaryGloss.objects.filter(language="ko").values_list("term_id", "text"):
        GlossaryTerm.objects.filter(pk=term_id).update(korean=text)


class Migration(migrations.Migration):
    dependencies = [
        ("lexicon", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="GlossaryGloss",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        help_text="A language code, e.g. ko for Korean or ja for Japanese.",
                        max_length=15,
                        validators=[broadsheet.lexicon.models.validate_language_tag],
                        verbose_name="language",
                    ),
                ),
                ("text", models.CharField(max_length=200, verbose_name="gloss")),
                (
                    "term",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="glosses",
                        to="lexicon.glossaryterm",
                    ),
                ),
            ],
            options={
                "verbose_name": "gloss",
                "verbose_name_plural": "glosses",
                "ordering": ["term", "language"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("term", "language"), name="lexicon_gloss_one_per_language"
                    )
                ],
            },
        ),
        migrations.RenameField(model_name="savedword", old_name="korean", new_name="gloss"),
        migrations.AlterField(
            model_name="savedword",
            name="gloss",
            field=models.CharField(blank=True, max_length=200, verbose_name="gloss"),
        ),
        migrations.AddField(
            model_name="savedword",
            name="gloss_language",
            field=models.CharField(blank=True, max_length=15, verbose_name="gloss language"),
        ),
        migrations.RunPython(korean_to_rows, rows_to_korean),
        migrations.RemoveField(model_name="glossaryterm", name="korean"),
    ]
