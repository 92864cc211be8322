"""Core's background jobs besides e-mail (core.mail.send_email): purging caches outside Django."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import task

# In a list of paths to purge: every page of the site (the navigation changed).
EVERY_PAGE = "*"


@task(queue_name="pages")
def purge_paths(paths: list[str]) -> None:
    """Tell each cache outside Django (settings.PAGE_PURGERS: dotted paths of functions that
    take a list of paths, e.g. the caching proxy's purge) that these paths changed; a list
    holding EVERY_PAGE means every page did."""
    for dotted in settings.PAGE_PURGERS:
        import_string(dotted)(paths)
