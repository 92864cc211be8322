"""The site's languages are data: one setting (BROADSHEET_LANGUAGES) and a catalogue each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from broadsheet.settings import languages

pytestmark = pytest.mark.django_db

JAPANESE_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Skip to main content"
msgstr "本文へ移動"

msgid "Language"
msgstr "言語"
"""


def test_languages_come_from_one_environment_variable():
    """Every language list of the site follows BROADSHEET_LANGUAGES."""
    code = (
        "from django.conf import settings as s; "
        "print(s.LANGUAGE_CODE, s.LANGUAGES == s.WAGTAILADMIN_PERMITTED_LANGUAGES "
        "== s.WAGTAIL_CONTENT_LANGUAGES, dict(s.LANGUAGES)['ja'])"
    )
    env = {**os.environ, "BROADSHEET_LANGUAGES": "en,ko,ja", "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["en", "True", "日本語"]


def test_an_unknown_language_code_is_a_clear_startup_error():
    env = {**os.environ, "BROADSHEET_LANGUAGES": "en,klingon", "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "'klingon' is not a language code Django knows" in result.stderr


def use_languages(settings, codes: list[str]) -> None:
    """What settings.py derives from BROADSHEET_LANGUAGES, done as an operator's change would."""
    settings.BROADSHEET_LANGUAGES = codes
    settings.LANGUAGES = languages(codes)
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.WAGTAILADMIN_PERMITTED_LANGUAGES = (
        settings.LANGUAGES
    )


def test_adding_a_ui_language_is_a_catalogue_and_the_setting(client, settings, tmp_path):
    """A Japanese catalogue plus 'ja' in the setting: offered, switchable, rendered."""
    catalogue = tmp_path / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(JAPANESE_PO, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    use_languages(settings, ["en", "ko", "ja"])
    call_command("compile_translations")
    assert Path(catalogue.with_suffix(".mo")).exists()

    front = client.get("/").content.decode()
    assert 'href="/language/ja/?next=/"' in front and ">日本語</a>" in front

    switched = client.get("/language/ja/", {"next": "/national/"})
    assert switched.status_code == 302
    page = client.get("/national/").content.decode()
    assert '<html lang="ja" ' in page
    assert "本文へ移動" in page and "Skip to main content" not in page


def test_a_language_not_in_the_setting_is_not_offered(client, settings):
    use_languages(settings, ["en"])
    front = client.get("/").content.decode()
    assert "/language/ko/" not in front
    assert client.get("/language/ko/").status_code == 404
