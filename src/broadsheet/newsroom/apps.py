from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # The purge receivers of the tag and archive pages (and their hook), of the navigation
        # (every page) and the router's (a moved or renamed page's old path): they need the
        # models loaded.
        from broadsheet.newsroom import listed_in, navigation, routing  # noqa: F401  # lazy: models load only once the registry is ready
