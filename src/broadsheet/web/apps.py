from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "broadsheet.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        # Cache invalidation is the one thing wired to signals: pages are also published by
        # the scheduler (publish_scheduled) and the admin, not only by our services.
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from broadsheet.core.page_cache import invalidate_on_publish

        page_published.connect(invalidate_on_publish, dispatch_uid="bs-cache-publish")
        page_unpublished.connect(invalidate_on_publish, dispatch_uid="bs-cache-unpublish")
        post_delete.connect(invalidate_on_publish, sender=Page, dispatch_uid="bs-cache-delete")
