"""How the dictionary plugs into articles, profiles, the demo and the Wagtail admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.lexicon.models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["term", "kind", "korean", "article", "source"]
    list_filter = ["kind", "source"]
    # The database's own LIKE search: loaded glossaries are bulk-inserted, never indexed.
    search_backend_name = None
    search_fields = ["term", "explanation", "korean"]
    ordering = ["key"]


register_snippet(GlossaryTermViewSet)


@hooks.register("broadsheet_article_tools")
def dictionary_tool(request, article):
    from broadsheet.lexicon.views import render_article_tool

    return render_article_tool(request, article)


@hooks.register("broadsheet_profile_sections")
def my_words_section(request):
    from broadsheet.lexicon.views import render_profile_section

    return render_profile_section(request)


@hooks.register("broadsheet_load_demo")
def load_demo(log):
    from broadsheet.lexicon.glossary import load_demo_glossary

    load_demo_glossary(log)


@hooks.register("broadsheet_staff_permissions")
def staff_permissions():
    editors = "Editors"
    return [
        (editors, "lexicon", f"{action}_glossaryterm")
        for action in ("add", "change", "delete", "view")
    ]
