"""Reader-facing URLs of this app: the forms that work without JavaScript."""

from django.urls import path

from broadsheet.talk import views

app_name = "talk"
urlpatterns = [
    path("comments/article/<int:article_id>/", views.post, name="post"),
    path("comments/article/<int:article_id>/setup/", views.setup, name="setup"),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<int:comment_id>/recommend/", views.recommend, name="recommend"),
    path("comments/<int:comment_id>/report/", views.report, name="report"),
    path("comments/mine.json", views.export, name="export"),
    path("comments/preferences/", views.preferences, name="preferences"),
]
