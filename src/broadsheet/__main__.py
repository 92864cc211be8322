"""`python -m broadsheet ARGS` runs Django's management commands with Broadsheet's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    from django.core.management import execute_from_command_line  # lazy: after the setdefault

    execute_from_command_line(["broadsheet", *sys.argv[1:]])


if __name__ == "__main__":
    main()
