from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The purge receivers of the tag and archive pages (and their hook) and of the
        # navigation (every page): they need the models loaded.
        from broadsheet.newsroom import listed_in, navigation  # noqa: F401  # lazy: models load only once the registry is ready
