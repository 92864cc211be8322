"""The review page: a form flow without JavaScript; due counts on My words and the profile."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from broadsheet.lexicon.models import SavedWord
from tests.lexicon.django_helpers import (  # noqa: F401
    fresh_glossary,
    make_word,
    other_reader,
    reader,
    reader_client,
)

pytestmark = pytest.mark.django_db

SENTENCE = "The army intervened in the dispute after talks failed."
REVIEW = "/profile/words/review/"


@pytest.fixture
def word(reader, article):
    return make_word(reader, article=article)


def card_front(html: str) -> str:
    return html.split('class="bs-review__card"', 1)[1].split("data-review-answer", 1)[0]


def test_the_review_page_needs_a_login(client):
    response = client.get(REVIEW)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_card_shows_the_sentence_with_the_word_blanked_and_the_answer_hidden(
    reader_client, word, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = reader_client.get(REVIEW)
    html = response.content.decode()
    front = card_front(html)
    assert "The army " in front and " in the dispute after talks failed." in front
    assert "intervened" not in front
    assert re.search(r'id="answer" class="bs-review__answer" hidden', html)
    assert f'href="?card={word.pk}&amp;answer=1#answer"' in html
    assert "1 word to review now." in html


def test_show_answer_is_a_link_to_the_same_card_with_its_answer_and_the_grades(
    reader_client, word, article
):
    html = reader_client.get(REVIEW, {"card": word.pk, "answer": "1"}).content.decode()
    answer = html.split('id="answer"', 1)[1]
    assert not answer.startswith(' class="bs-review__answer" hidden')
    assert "<mark>intervened</mark>" in answer and article.title in answer
    assert 'name="csrfmiddlewaretoken"' in answer
    assert [int(v) for v in re.findall(r'name="grade" value="(\d)"', answer)] == [1, 2, 3, 4]
    assert 'name="seen" value="0"' in answer


def test_a_grade_is_recorded_and_the_reader_goes_on_to_the_next_card(reader_client, word):
    response = reader_client.post(f"{REVIEW}{word.pk}/", {"grade": "3", "seen": "0"})
    assert response.status_code == 302 and response["Location"] == REVIEW + "#review"
    assert SavedWord.objects.get(pk=word.pk).review_count == 1
    html = reader_client.get(REVIEW).content.decode()
    assert "next review in" in html and "Nothing to review now." in html
    assert "The next word is due in" in html


def test_the_same_form_sent_twice_grades_once(reader_client, word):
    reader_client.post(f"{REVIEW}{word.pk}/", {"grade": "1", "seen": "0"})
    response = reader_client.post(f"{REVIEW}{word.pk}/", {"grade": "4", "seen": "0"})
    assert response.status_code == 302
    assert SavedWord.objects.get(pk=word.pk).review_count == 1


@pytest.mark.parametrize("grade", ["", "9", "x" * 500])
def test_a_bad_grade_is_a_400_on_the_page(reader_client, word, grade):
    response = reader_client.post(f"{REVIEW}{word.pk}/", {"grade": grade})
    assert response.status_code == 400
    assert "Choose Again, Hard, Good or Easy." in response.content.decode()
    assert SavedWord.objects.get(pk=word.pk).review_count == 0


def test_another_readers_card_is_a_404(client, other_reader, word):
    client.force_login(other_reader)
    response = client.post(f"{REVIEW}{word.pk}/", {"grade": "3"})
    assert response.status_code == 404
    assert SavedWord.objects.get(pk=word.pk).review_count == 0


def test_grading_needs_the_csrf_token(reader, word):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(f"{REVIEW}{word.pk}/", {"grade": "3"}).status_code == 403


def test_my_words_and_the_profile_show_the_due_count(reader_client, word):
    for url in (reverse("lexicon:my_words"), reverse("accounts:profile")):
        html = reader_client.get(url).content.decode()
        assert "1 word to review now." in html, url
        assert f'href="{REVIEW}"' in html, url


def test_the_review_page_speaks_korean(reader_client, word, compile_translations):
    reader_client.cookies["django_language"] = "ko"
    html = reader_client.get(REVIEW).content.decode()
    assert "정답 보기" in html and "빈칸" in html
