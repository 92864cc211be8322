"""The second step of the staff login, mounted at /admin/two-factor/ by broadsheet.urls."""

from django.urls import path

from broadsheet.staffauth import views

app_name = "staffauth"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("recovery/", views.verify_recovery, name="recovery"),
    path("set-up/", views.set_up, name="set_up"),
]
