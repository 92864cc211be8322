"""The moderators' queue in the Wagtail admin (mounted at /admin/comments/ by wagtail_hooks)."""

from django.urls import path

from broadsheet.talk import admin_views

app_name = "talk_admin"
urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("log/", admin_views.audit_log, name="log"),
    path("<int:comment_id>/<str:action>/", admin_views.act, name="act"),
]
