from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "broadsheet.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Publishing reaches the page cache through Wagtail's signals: pages are also published
        # by the scheduler (publish_scheduled) and the admin, not only by our services. The
        # receivers live in page_cache; importing it connects them.
        from broadsheet.core import page_cache  # noqa: F401  # lazy: imports wagtail.models, loadable only once apps are ready
