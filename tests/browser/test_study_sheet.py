"""The study sheet on paper: Chromium prints the article with the reader's words to PDF, and
pdftotext shows what the PDF holds (poppler-utils, installed by ./run test)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid

import pytest

from tests.browser.test_dictionary import answer, find, lookup_mode_on

pytestmark = pytest.mark.browser

SLUG = "six-party-talks-resume-beijing-vladivostok-summit"
LOG_IN = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from broadsheet.newsroom.models import ArticlePage
user = get_user_model().objects.create(username="{username}")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(ArticlePage.objects.get(slug="{slug}").url)
print(session.session_key)
"""
WORDS_OF = """
import json
from broadsheet.lexicon.models import LookedUpWord, SavedWord
print(json.dumps({{
    "looked_up": list(LookedUpWord.objects.filter(reader__username="{username}")
                      .values_list("headword", "sense")),
    "saved": list(SavedWord.objects.filter(reader__username="{username}")
                  .values_list("headword", "definition")),
}}))
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_printed_article_ends_with_the_readers_words_and_their_senses(
    browser, site_server, tmp_path
):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: ./run test installs poppler-utils")
    username = "sheet-" + uuid.uuid4().hex[:8]
    out = site_server.manage("shell", "-c", LOG_IN.format(username=username, slug=SLUG))
    article_path, key = out.strip().splitlines()[-2:]
    context = browser.new_context(base_url=site_server.url)
    context.add_cookies([{"name": "sessionid", "value": key, "url": site_server.url}])
    page = context.new_page()

    lookup_mode_on(page, article_path)
    page.mouse.dblclick(*find(page, "reviving")["centre"])
    answer(page, "reviving")
    page.keyboard.press("Escape")
    page.mouse.dblclick(*find(page, "lasted")["centre"])
    dialog = answer(page, "lasted")
    dialog.get_by_role("button", name="Save to My words").click()
    dialog.get_by_role("link", name="Saved to My words").wait_for()
    page.keyboard.press("Escape")

    page.goto(article_path)
    page.get_by_role("link", name="Print with my words").click()
    page.wait_for_url("**?words=mine#study-sheet")
    headline = page.locator("h1").inner_text()
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()
    text = flat(
        subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )

    words = json.loads(
        site_server.manage("shell", "-c", WORDS_OF.format(username=username))
        .strip()
        .splitlines()[-1]
    )
    looked_up = dict(words["looked_up"])
    assert {"reviving", "lasted"} <= set(looked_up), "both lookups were kept"
    assert [headword for headword, _ in words["saved"]] == ["lasted"]
    assert headline in text and "My words from this article" in text
    sheet_at = text.index("My words from this article")
    assert text.index(headline) < text.index("The opening session") < sheet_at
    sheet = text[sheet_at:]
    for headword, sense in [*looked_up.items(), *words["saved"]]:
        assert headword in sheet
        assert flat(sense)[:60] in sheet, f"the sense of {headword} is printed"
    assert "Leave out my words" not in sheet, "the screen-only links are not printed"
    assert "Comments" not in sheet
