from django.apps import AppConfig


class StaffAuthConfig(AppConfig):
    name = "broadsheet.staffauth"
    label = "staffauth"
    verbose_name = "Staff sign-in"
