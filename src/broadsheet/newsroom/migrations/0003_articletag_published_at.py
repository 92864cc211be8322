"""Tag pages in date order from one index: each tagging keeps its article's published_at.

A tag page lists the newest articles with the tag. Ordered by the article's date, the
database must find every article of the tag and sort them (tens of thousands for a common
tag in a large archive); with the date on the tagging row itself, the index (tag,
published_at, article) hands them over already in order, and a page reads only its rows.
Existing rows get their article's date before the column becomes required.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_dates(apps, schema_editor):
    ArticleTag = apps.get_model("newsroom", "ArticleTag")
    ArticlePage = apps.get_model("newsroom", "ArticlePage")
    date = ArticlePage.objects.filter(pk=OuterRef("content_object_id")).values("published_at")
    ArticleTag.objects.update(published_at=Subquery(date[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_search_gin_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="articletag",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="articletag",
            name="published_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                fields=["tag", "published_at", "content_object"], name="newsroom_tag_date_idx"
            ),
        ),
    ]
