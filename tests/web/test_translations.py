"""Every reader-facing string the code and templates use has a Korean translation.

The msgids are extracted the way `makemessages` finds them, without the gettext tools:
Django's own `templatize` turns each template into the Python-like source makemessages
hands to xgettext, and Babel's Python extractor reads that and every .py module with
Django's gettext keywords. They are then looked up in the apps' ko catalogues (the .po
files, so a stale .mo cannot hide a gap); an empty or fuzzy msgstr counts as missing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

import broadsheet

PACKAGE = Path(broadsheet.__file__).parent
LANGUAGE = "ko"

# Django's gettext functions as Babel keyword specs (argument positions, "c" = context).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

# Paths (relative to src/broadsheet, as prefixes) whose strings no reader sees, and why.
EXEMPT = {
    "staffauth/": "staff sign-in and two-factor set-up for the Wagtail admin; no reader uses it",
    "talk/templates/talk/admin/": "the moderation screens inside the Wagtail admin",
    "talk/admin_": "the moderation screens inside the Wagtail admin",
    "talk/wagtail_hooks.py": "admin menu items and admin-only views",
    "lexicon/wagtail_hooks.py": "admin menu items and the glossary's admin views",
    "core/admin_views.py": "the Background jobs page inside the Wagtail admin",
    "core/templates/core/admin/": "the Background jobs page inside the Wagtail admin",
    "core/wagtail_hooks.py": "the admin menu item of the Background jobs page",
    "settings.py": "operator-facing configuration",
    "lexicon/builder/": "the offline dictionary build, run by the operator",
    "management/commands/": "command-line output for the operator",
    "migrations/": "schema history; verbose names live in models.py",
}


@dataclass(frozen=True)
class Use:
    msgid: str
    context: str | None
    where: str


def _exempt(relative: str) -> bool:
    return any(relative.startswith(p) or f"/{p}" in f"/{relative}" for p in EXEMPT)


def _messages(source: str, where: str) -> list[Use]:
    found = []
    for _lineno, message, _comments, context in extract(
        "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            found.append(Use(singular, context, where))
    return found


def used_messages() -> list[Use]:
    """Every msgid the package's Python modules and templates translate, where it is used."""
    uses: list[Use] = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if ".venv" in path.parts or _exempt(relative) or not path.is_file():
            continue
        if path.suffix == ".py":
            uses += _messages(path.read_text(encoding="utf-8"), relative)
        elif path.suffix in {".html", ".txt"} and "/templates/" in f"/{relative}":
            source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            uses += _messages(source, relative)
    return uses


def catalogues(language: str = LANGUAGE) -> list[Catalog]:
    paths = sorted(PACKAGE.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    out = []
    for path in paths:
        with path.open("rb") as po_file:
            out.append(read_po(po_file, locale=language))
    return out


def translated(use: Use, books: list[Catalog]) -> bool:
    """True when some app's catalogue has a non-empty, non-fuzzy msgstr for the msgid."""
    for book in books:
        message = book.get(use.msgid, context=use.context)
        if message is None or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if strings and all(strings):
            return True
    return False


def test_the_extraction_finds_the_strings_of_templates_and_python():
    """The check is only as good as the extraction: known uses of each kind are found."""
    found = {(u.msgid, u.where) for u in used_messages()}
    assert ("Skip to main content", "core/templates/base.html") in found
    assert any(w == "lexicon/lookups.py" and "looks like a name" in m for m, w in found)
    assert any("saved words" in m for m, _w in found)  # a {% blocktranslate count %}


def test_the_check_fails_on_an_untranslated_string():
    books = catalogues()
    assert not translated(Use("A sentence nobody has translated, surely", None, "x"), books)
    assert translated(Use("Skip to main content", None, "x"), books)


def test_every_reader_facing_string_has_a_korean_translation():
    books = catalogues()
    missing = sorted(
        {f"{u.where}: {u.msgid!r}" for u in used_messages() if not translated(u, books)}
    )
    assert not missing, "No Korean translation for:\n" + "\n".join(missing)
