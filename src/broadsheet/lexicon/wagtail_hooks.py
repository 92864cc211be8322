"""How the dictionary plugs into articles, profiles, the demo, reader data and the admin."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.lexicon import profile, review, saved_words, study_sheet
from broadsheet.lexicon.glossary_files import load_demo_glossary
from broadsheet.lexicon.models import GlossaryTerm, LookedUpWord
from broadsheet.lexicon.profile_views import render_level_filter, render_words_to_know
from broadsheet.lexicon.views import (
    render_article_tool,
    render_profile_section,
    render_study_sheet,
    render_study_sheet_tool,
)


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["term", "kind", "article", "source"]
    list_filter = ["kind", "source"]
    # The database's own LIKE search: loaded glossaries are bulk-inserted, never indexed.
    search_backend_name = None
    search_fields = ["term", "explanation"]
    ordering = ["key"]


register_snippet(GlossaryTermViewSet)


@hooks.register("broadsheet_article_tools")
def dictionary_tool(request, article):
    return render_article_tool(request, article)


@hooks.register("broadsheet_article_intro")
def words_to_know_box(request, article):
    return render_words_to_know(request, article)


@hooks.register("broadsheet_listing_filter")
def level_filter(request, articles):
    level = profile.chosen_filter(request)
    if level is not None:
        articles = profile.filter_by_level(articles, level)
    return articles, render_level_filter(request, level)


# Before the dictionary (order): in lookup mode the next Tab stop after the Dictionary
# button is the article's text.
@hooks.register("broadsheet_article_tools", order=-10)
def study_sheet_tool(request, article):
    return render_study_sheet_tool(request, article)


# Before the comments (order): the sheet follows the article itself when printed.
@hooks.register("broadsheet_article_panels", order=-10)
def study_sheet_panel(request, article):
    return render_study_sheet(request, article)


@hooks.register("broadsheet_profile_sections")
def my_words_section(request):
    return render_profile_section(request)


@hooks.register("broadsheet_load_demo")
def load_demo(log):
    load_demo_glossary(log)
    # Articles were profiled as they were published; any the index was missing for now.
    profile.profile_articles(only_missing=True, log_line=log)


@hooks.register("broadsheet_reader_data")
def reader_data(user) -> dict[str, Any]:
    """The reader's saved words (with their review schedules) and recent lookups for
    "Download my data" (both deleted with the user by cascade)."""
    return {
        "saved_words": [
            {**saved_words.as_dict(word), "review": review.as_dict(word)}
            for word in saved_words.words_of(user)
        ],
        "looked_up_words": [
            study_sheet.as_dict(looked) for looked in LookedUpWord.objects.filter(reader=user)
        ],
    }


@hooks.register("broadsheet_staff_permissions")
def staff_permissions():
    editors = "Editors"
    return [
        (editors, "lexicon", f"{action}_glossaryterm")
        for action in ("add", "change", "delete", "view")
    ]
