"""Reader-facing URLs of this app."""

app_name = "talk"
urlpatterns: list = []
