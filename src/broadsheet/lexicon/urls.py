"""Reader-facing URLs of this app."""

app_name = "lexicon"
urlpatterns: list = []
