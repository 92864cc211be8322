"""The reader's own pages."""

from django.urls import path

from broadsheet.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.download_data, name="download_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
]
