from django.apps import AppConfig


class TalkConfig(AppConfig):
    name = "broadsheet.talk"
    label = "talk"
    verbose_name = "Talk"
