"""The policy page is one page per language (0002 carried the Korean text over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("talk", "0002_policy_translations")]

    operations = [
        migrations.RemoveField(model_name="policyclause", name="heading_ko"),
        migrations.RemoveField(model_name="policyclause", name="text_ko"),
        migrations.RemoveField(model_name="policypage", name="intro_ko"),
        migrations.RemoveField(model_name="policypage", name="title_ko"),
    ]
