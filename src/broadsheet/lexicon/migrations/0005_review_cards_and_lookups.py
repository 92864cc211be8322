"""Review cards for saved words (SavedWord.review_*) and the reader's recent lookups
(LookedUpWord) for the study sheet.

Existing saved words are carried over as new FSRS cards, due from the time they were
saved: the reader's first review session offers them at once, oldest first.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def cards_due_from_saving(apps, schema_editor):
    SavedWord = apps.get_model("lexicon", "SavedWord")
    SavedWord.objects.update(review_due=F("created"))


class Migration(migrations.Migration):
    dependencies = [
        ("lexicon", "0004_article_profile"),
        ("newsroom", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LookedUpWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("headword", models.CharField(max_length=64, verbose_name="word")),
                ("lemma", models.CharField(max_length=128, verbose_name="dictionary form")),
                (
                    "sentence",
                    models.TextField(blank=True, max_length=1000, verbose_name="sentence"),
                ),
                ("sense", models.TextField(blank=True, verbose_name="sense shown")),
                ("sense_language", models.CharField(blank=True, default="en", max_length=15)),
                ("gloss", models.CharField(blank=True, max_length=200, verbose_name="gloss")),
                (
                    "gloss_language",
                    models.CharField(blank=True, max_length=15, verbose_name="gloss language"),
                ),
                (
                    "looked_up",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="looked up"
                    ),
                ),
            ],
            options={
                "verbose_name": "looked-up word",
                "verbose_name_plural": "looked-up words",
                "ordering": ["-looked_up", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="savedword",
            name="last_reviewed",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last reviewed"),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_count",
            field=models.PositiveIntegerField(default=0, verbose_name="reviews"),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_difficulty",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_due",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="next review"
            ),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_stability",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_state",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "learning"), (2, "review"), (3, "relearning")],
                default=1,
                verbose_name="review state",
            ),
        ),
        migrations.AddField(
            model_name="savedword",
            name="review_step",
            field=models.PositiveSmallIntegerField(blank=True, default=0, null=True),
        ),
        migrations.AddIndex(
            model_name="savedword",
            index=models.Index(fields=["reader", "review_due"], name="lexicon_savedword_due"),
        ),
        migrations.AddField(
            model_name="lookedupword",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="newsroom.articlepage",
            ),
        ),
        migrations.AddField(
            model_name="lookedupword",
            name="reader",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="looked_up_words",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="lookedupword",
            index=models.Index(
                fields=["reader", "article", "looked_up"], name="lexicon_lookedup_recent"
            ),
        ),
        migrations.RunPython(cards_due_from_saving, migrations.RunPython.noop),
    ]
