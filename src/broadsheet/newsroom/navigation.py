"""Which changes reach every reader page: the navigation, and the receivers that purge it.

The navigation is what every reader page shows of the pages that shape the site (home,
sections, policy pages: `changes_site_tree`, see `tree_cache`): the masthead's top sections
and the breadcrumbs show their titles and links in tree order, the comments panel links the
policy page, and only live, public pages appear. So a change to one of NAVIGATION_FIELDS of
such a page as its stored row has it (a publication, not a draft), its creation as a live
page, its deletion or move, and any change to a site, a locale or a view restriction purge
every cached page, in every app server and proxy (`core.page_cache.invalidate_site`). Any
other edit, such as a section's introduction, purges only the pages that show it
(`core.page_cache.pages_showing`), and an article's edit never reaches here.

Connected when the app registry is ready (`NewsroomConfig.ready` imports this module).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from broadsheet.core import page_cache
from broadsheet.newsroom import tree_cache

# What the navigation shows of a page that shapes the site (fields of its Page row).
NAVIGATION_FIELDS = ("title", "slug", "url_path", "path", "depth", "live", "locale")
_CHANGED = "_broadsheet_navigation_changed"


def changes_navigation(page: Page, update_fields=None) -> bool:
    """Whether saving this page changes the navigation: a new live page, or a field of
    NAVIGATION_FIELDS that differs from the stored row (one query, only when one is saved)."""
    if not tree_cache.changes_site_tree(page):
        return False
    if page.pk is None:
        return bool(page.live)
    fields = [f for f in NAVIGATION_FIELDS if update_fields is None or f in update_fields]
    if not fields:  # a draft: save_revision saves the revision's own fields only
        return False
    stored = Page.objects.filter(pk=page.pk).values_list(*fields).first()
    return stored != tuple(getattr(page, Page._meta.get_field(f).attname) for f in fields)


@receiver(pre_save, dispatch_uid="bs-navigation-before-save")
def _note_change(sender, instance, update_fields=None, **kwargs) -> None:
    if tree_cache.changes_site_tree(instance):
        setattr(instance, _CHANGED, changes_navigation(instance, update_fields))


@receiver(post_save, dispatch_uid="bs-navigation-save")
def _on_save(sender, instance, **kwargs) -> None:
    if isinstance(instance, Site | Locale | PageViewRestriction):
        page_cache.invalidate_site()
    elif getattr(instance, _CHANGED, False):
        setattr(instance, _CHANGED, False)
        page_cache.invalidate_site()


@receiver(post_delete, dispatch_uid="bs-navigation-delete")
def _on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Site | Locale | PageViewRestriction) or (
        tree_cache.changes_site_tree(instance) and instance.live
    ):
        page_cache.invalidate_site()


@receiver(post_page_move, dispatch_uid="bs-navigation-move")
def _on_move(sender, instance, **kwargs) -> None:
    if tree_cache.changes_site_tree(instance):  # its place among its siblings, at least
        page_cache.invalidate_site()
