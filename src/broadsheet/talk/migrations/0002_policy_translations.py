"""The policy's Korean columns become a Korean translation of the page (Wagtail locales).

For each policy page with Korean text, a page in the "ko" locale with the same translation
key is created beside it (same parent, slug + "-ko"), holding the Korean title, introduction
and clause texts (English where a Korean one was missing). The columns go in 0003.
"""

from django.db import migrations

STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_step(last: str) -> str:
    """treebeard's materialised path: the base-36 step after `last` (Wagtail's alphabet)."""
    value = 0
    for char in last:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    value += 1
    digits = ""
    while value:
        value, rest = divmod(value, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def korean_translations(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PolicyPage = apps.get_model("talk", "PolicyPage")
    PolicyClause = apps.get_model("talk", "PolicyClause")
    for page in PolicyPage.objects.order_by("path"):
        clauses = list(PolicyClause.objects.filter(page=page).order_by("sort_order", "pk"))
        if not (page.title_ko or page.intro_ko or any(c.heading_ko or c.text_ko for c in clauses)):
            continue
        locale, _created = Locale.objects.get_or_create(language_code="ko")
        if PolicyPage.objects.filter(translation_key=page.translation_key, locale=locale).exists():
            continue
        parent_path = page.path[:-STEP]
        parent = Page.objects.get(path=parent_path)
        last = (
            Page.objects.filter(path__startswith=parent_path, depth=page.depth)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        slug = f"{page.slug}-ko"
        while Page.objects.filter(
            path__startswith=parent_path, depth=page.depth, slug=slug
        ).exists():
            slug += "-1"
        title = page.title_ko or page.title
        korean = PolicyPage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            path=parent_path + _next_step(last[-STEP:]),
            depth=page.depth,
            numchild=0,
            url_path=parent.url_path + slug + "/",
            content_type=ContentType.objects.get_for_model(PolicyPage),
            live=page.live,
            has_unpublished_changes=False,
            first_published_at=page.first_published_at,
            last_published_at=page.last_published_at,
            seo_title="",
            search_description="",
            show_in_menus=False,
            owner_id=page.owner_id,
            locale=locale,
            translation_key=page.translation_key,
            intro=page.intro_ko or page.intro,
        )
        for clause in clauses:
            PolicyClause.objects.create(
                page=korean,
                sort_order=clause.sort_order,
                key=clause.key,
                heading=clause.heading_ko or clause.heading,
                text=clause.text_ko or clause.text,
            )
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)


def english_columns_back(apps, schema_editor):
    """Reverse: the Korean translations' text returns to the _ko columns, and they go."""
    PolicyPage = apps.get_model("talk", "PolicyPage")
    PolicyClause = apps.get_model("talk", "PolicyClause")
    Page = apps.get_model("wagtailcore", "Page")
    for korean in PolicyPage.objects.filter(locale__language_code="ko"):
        original = (
            PolicyPage.objects.filter(translation_key=korean.translation_key)
            .exclude(pk=korean.pk)
            .first()
        )
        if original is None:
            continue
        original.title_ko, original.intro_ko = korean.title, korean.intro
        original.save(update_fields=["title_ko", "intro_ko"])
        texts = {c.key: c for c in PolicyClause.objects.filter(page=korean)}
        for clause in PolicyClause.objects.filter(page=original):
            if clause.key in texts:
                clause.heading_ko = texts[clause.key].heading
                clause.text_ko = texts[clause.key].text
                clause.save(update_fields=["heading_ko", "text_ko"])
        parent = Page.objects.get(path=korean.path[:-STEP])
        korean.delete()
        Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("talk", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(korean_translations, english_columns_back)]
