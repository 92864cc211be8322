"""Every text is marked with its real language: Korean is inside lang="ko", the English
articles and dictionary text inside lang="en", whichever language the page is in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.timezone import localtime
from wagtail.models import Page

from broadsheet.lexicon import saved_words

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
LABELS = ("aria-label", "title", "alt", "placeholder")


class Languages(HTMLParser):
    """Each text node and label attribute of a page with the language it is marked in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []  # (language, text)

    @property
    def language(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang", self.language) or ""
        for name in LABELS:
            if attributes.get(name):
                self.texts.append((language, str(attributes[name])))
        if tag not in VOID:
            self.stack.append((tag, language))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data.strip() and (not self.stack or self.stack[-1][0] not in {"script", "style"}):
            self.texts.append((self.language, data.strip()))


def languages_of(html: str) -> list[tuple[str, str]]:
    parser = Languages()
    parser.feed(html)
    return parser.texts


def korean_outside_ko(html: str) -> list[tuple[str, str]]:
    """Korean text marked as another language; lang="" (unknown, as readers' comments are
    marked: they may be in any language) is honest, not wrong."""
    return [
        (lang, text)
        for lang, text in languages_of(html)
        if HANGUL.search(text) and lang not in {"ko", ""}
    ]


def language_of(html: str, text: str) -> set[str]:
    return {lang for lang, found in languages_of(html) if found == text}


@pytest.fixture
def reader(django_user_model):
    return get_user_model().objects.create_user(username="marked", password="x" * 12)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_korean_text_is_marked_ko_and_english_articles_en_in_both_languages(
    client, reader, article, politics, compile_translations, language
):
    with translation.override(language):
        saved_words.save_word(reader, "Gwanghwamun", "Crowds filled Gwanghwamun.", article.pk)
        saved_words.save_word(reader, "NIS", "The NIS briefed lawmakers.", article.pk)
        saved_words.save_word(reader, "intervened", "The army intervened.", article.pk)
    client.force_login(reader)
    client.cookies["django_language"] = language
    home_url = Page.objects.get(depth=2).specific.url
    urls = [
        article.url,
        politics.url,
        home_url,
        "/profile/",
        "/profile/words/",
        "/dictionary/Gwanghwamun/",
        "/dictionary/NIS/",
        "/dictionary/intervene/?context=The+army+intervened.",
        f"/tags/{article.tags.first().slug}/",
        f"/archive/{localtime(article.published_at):%Y/%m/%d}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url  # a theme class may follow
        assert not korean_outside_ko(html), (url, korean_outside_ko(html)[:5])
    article_html = client.get(article.url).content.decode()
    assert language_of(article_html, article.title) == {"en"}
    section_html = client.get(politics.url).content.decode()
    assert language_of(section_html, article.title) == {"en"}


def test_the_checker_sees_a_korean_text_marked_english():
    assert korean_outside_ko('<html lang="ko"><p lang="en">사전에 없는 말</p></html>')
    assert korean_outside_ko('<html lang="en"><div aria-label="도구"></div></html>')
    assert not korean_outside_ko('<html lang="ko"><p lang="en">x<br><b lang="ko">말</b></p>')
    assert not korean_outside_ko('<html lang="en"><p lang="">댓글</p></html>')
