from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "broadsheet.web"
    label = "web"
    verbose_name = "Web"
