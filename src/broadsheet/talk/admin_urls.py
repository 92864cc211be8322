"""The moderators' queue in the Wagtail admin (mounted at /admin/comments/ by wagtail_hooks)."""

from django.urls import path

from broadsheet.talk import admin_views, admin_wordlists

app_name = "talk_admin"
urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("log/", admin_views.audit_log, name="log"),
    path("words/", admin_wordlists.word_lists, name="words"),
    path("words/download.<str:fmt>", admin_wordlists.download, name="words_download"),
    path("<int:comment_id>/<str:action>/", admin_views.act, name="act"),
]
