"""Core's place in the Wagtail admin: the Background jobs page under Settings."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from broadsheet.core import admin_views


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("background-jobs/", admin_views.jobs, name="core_background_jobs")]


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_jobs(request.user)


@hooks.register("register_settings_menu_item")
def jobs_menu_item():
    return JobsMenuItem(
        _("Background jobs"), reverse("core_background_jobs"), icon_name="cogs", order=900
    )


@hooks.register("register_permissions")
def job_permissions():
    """Offered in Settings > Groups: who may read the Background jobs page."""
    app_label, codename = admin_views.PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
