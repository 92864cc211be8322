"""./run manage create_staff: the Editors and Moderators groups, and accounts for them."""

import secrets

from django.core.management.base import BaseCommand, CommandError

from broadsheet.newsroom.staff import StaffAccountRefused, create_staff_user, ensure_staff_groups


class Command(BaseCommand):
    help = "Create the Editors and Moderators groups, and optionally staff accounts in them."

    def add_arguments(self, parser):
        parser.add_argument("--editor", metavar="USERNAME", action="append", default=[])
        parser.add_argument("--moderator", metavar="USERNAME", action="append", default=[])
        parser.add_argument("--password", help="password for the new accounts (default: random)")
        parser.add_argument(
            "--promote-existing",
            action="store_true",
            help="make an existing non-staff account staff (never one linked to a social login)",
        )

    def handle(self, *args, editor, moderator, password=None, promote_existing=False, **options):
        groups = ensure_staff_groups()
        self.stdout.write("groups: " + ", ".join(group.name for group in groups.values()))
        for role, names in (("editor", editor), ("moderator", moderator)):
            for name in names:
                secret = password or secrets.token_urlsafe(12)
                try:
                    user, created = create_staff_user(
                        name, role, secret, promote_existing=promote_existing
                    )
                except StaffAccountRefused as refused:
                    raise CommandError(f"{role}: {refused}") from refused
                shown = secret if created else "(unchanged)"
                self.stdout.write(f"{role}: {user.username} password: {shown}")
        self.stdout.write(
            "Each signs in at /admin/ with the password, then sets up an authenticator app "
            "(two-step sign-in) at the first login: docs/OPERATIONS.md, Newsroom staff."
        )
