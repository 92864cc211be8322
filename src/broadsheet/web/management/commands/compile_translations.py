"""Compile the .po catalogues of the site's languages to .mo with Babel (no gettext tools).

The catalogues are every app's `locale/` folder and each of settings.LOCALE_PATHS, for the
languages in settings.LANGUAGES (which come from BROADSHEET_LANGUAGES).
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale


def catalogues() -> list[Path]:
    """The .po files of the configured languages, in the package and in LOCALE_PATHS."""
    roots = [Path(settings.PACKAGE_DIR), *(Path(path) for path in settings.LOCALE_PATHS)]
    locales = {to_locale(code) for code, _name in settings.LANGUAGES}
    found: set[Path] = set()
    for root in roots:
        for po_path in root.glob("**/locale/*/LC_MESSAGES/*.po"):
            found.add(po_path)
        for po_path in root.glob("*/LC_MESSAGES/*.po"):  # a LOCALE_PATHS entry is a locale/ dir
            found.add(po_path)
    return sorted(path for path in found if path.parent.parent.name in locales)


class Command(BaseCommand):
    help = "Compile the site languages' .po files to .mo when the .po is newer."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue, use_fuzzy=False)
            compiled += 1
        if compiled:
            self.stdout.write(f"translations: compiled {compiled} catalogue(s)")
