"""The reader's own pages."""

from django.urls import path

from broadsheet.accounts import views

app_name = "accounts"
urlpatterns = [path("profile/", views.profile, name="profile")]
