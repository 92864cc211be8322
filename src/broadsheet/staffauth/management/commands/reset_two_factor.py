"""./run manage reset_two_factor USERNAME: a staff member lost their phone and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from broadsheet.staffauth.devices import forget_devices


class Command(BaseCommand):
    help = (
        "Remove every second factor of an account; it sets up an authenticator app again at "
        "its next login. Check who is asking before you run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is named {username!r}.")
        removed = forget_devices(user)
        self.stdout.write(
            f"{username}: {removed} second factor(s) removed; the next login at /admin/ "
            "asks to set up an authenticator app."
        )
