"""./run manage create_staff: the Editors and Moderators groups, and accounts for them."""

import secrets

from django.core.management.base import BaseCommand

from broadsheet.newsroom.staff import create_staff_user, ensure_staff_groups


class Command(BaseCommand):
    help = "Create the Editors and Moderators groups, and optionally staff accounts in them."

    def add_arguments(self, parser):
        parser.add_argument("--editor", metavar="USERNAME", action="append", default=[])
        parser.add_argument("--moderator", metavar="USERNAME", action="append", default=[])
        parser.add_argument("--password", help="password for the new accounts (default: random)")

    def handle(self, *args, editor, moderator, password=None, **options):
        groups = ensure_staff_groups()
        self.stdout.write("groups: " + ", ".join(group.name for group in groups.values()))
        for role, names in (("editor", editor), ("moderator", moderator)):
            for name in names:
                secret = password or secrets.token_urlsafe(12)
                user, created = create_staff_user(name, role, secret)
                shown = secret if created else "(unchanged)"
                self.stdout.write(f"{role}: {user.username} password: {shown}")
