"""How talk plugs into the newsroom, accounts and the Wagtail admin (none of them imports talk)."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from broadsheet.talk import admin_urls as talk_admin_urls
from broadsheet.talk import services
from broadsheet.talk.demo import load_demo_talk
from broadsheet.talk.generator import generate_comments
from broadsheet.talk.models import ModeratedWord
from broadsheet.talk.views import render_panel, render_profile_section

register_snippet(ModeratedWord)


@hooks.register("broadsheet_article_panels")
def comments_panel(request, article):
    return render_panel(request, article)


@hooks.register("broadsheet_listing_extras")
def comment_counts(articles, request):
    counts = services.comment_counts(a.pk for a in articles)
    return {
        pk: ngettext("%(count)d comment", "%(count)d comments", n) % {"count": n}
        for pk, n in counts.items()
        if n
    }


@hooks.register("broadsheet_profile_sections")
def profile_section(request):
    return render_profile_section(request)


@hooks.register("broadsheet_load_demo")
def load_demo(log):
    load_demo_talk(log)


@hooks.register("broadsheet_generate_data")
def generate_data(generated, *, comments, seed, log):
    generate_comments(generated, comments=comments, seed=seed, log=log)


# The reader-data hooks that accounts calls (docs/ARCHITECTURE.md): name, download, erasure.
@hooks.register("broadsheet_reader_display_name")
def reader_display_name(user):
    return services.reader_display_name(user)


@hooks.register("broadsheet_reader_data")
def reader_data(user):
    return {"comments": services.export_reader_comments(user)}


@hooks.register("broadsheet_erase_reader_data")
def erase_reader_data(user, comments):
    services.erase_reader_comments(user, comments)


@hooks.register("broadsheet_staff_permissions")
def staff_permissions():
    moderators = "Moderators"
    return [
        (moderators, "talk", "moderate_comment"),
        (moderators, "talk", "view_comment"),
        (moderators, "talk", "add_moderatedword"),
        (moderators, "talk", "change_moderatedword"),
        (moderators, "talk", "delete_moderatedword"),
        (moderators, "talk", "view_moderatedword"),
        (moderators, "talk", "change_moderationsettings"),
    ]


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("comments/", include(talk_admin_urls, namespace="talk_admin"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def queue_menu_item():
    return ModeratorMenuItem(
        _("Comments"), reverse("talk_admin:queue"), icon_name="comment", order=250
    )


class WordListsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("talk.view_moderatedword")


@hooks.register("register_admin_menu_item")
def word_lists_menu_item():
    return WordListsMenuItem(
        _("Word lists"), reverse("talk_admin:words"), icon_name="list-ul", order=251
    )
