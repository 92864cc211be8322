from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The tag and archive pages' purge receivers and hook (they need the models loaded).
        from broadsheet.newsroom import listed_in  # noqa: F401  # lazy: models load only once the registry is ready
