from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The tag and archive pages' purge receivers and hook, and the router's receivers that
        # purge a moved or renamed page's old path (they need the models loaded).
        from broadsheet.newsroom import listed_in, routing  # noqa: F401  # lazy: models load only once the registry is ready
