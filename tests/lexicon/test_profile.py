"""Vocabulary profiles: computed when an article is published, stored, never per request."""
# ruff: noqa: F811  (fixtures are imported from django_helpers and used as arguments)

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from broadsheet.core import reader_prefs
from broadsheet.lexicon import lookups, profile
from broadsheet.lexicon.models import ArticleProfile, GlossaryGloss, GlossaryTerm
from broadsheet.lexicon.runtime import LexiconUnavailable
from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.services import ArticleDocument, publish_article
from tests.core.test_tasks import queued, run_jobs  # noqa: F401
from tests.lexicon.django_helpers import fresh_glossary  # noqa: F401

pytestmark = pytest.mark.django_db

FIRST = "<p>The minister defended the plan. Critics called it brinkmanship.</p>"
SECOND = "<p>The minister defended the plan. Critics called it an obfuscation.</p>"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the importer does, and commit: the jobs enqueued on commit are enqueued
    (with the tests' immediate backend they run there and then)."""

    def publish(section, body, source_id="profile-test"):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_article(
                ArticleDocument(
                    source_id=source_id,
                    headline="Profile test",
                    body=[("paragraph", body)],
                    published_at=timezone.now() - dt.timedelta(minutes=1),
                ),
                section,
            )

    return publish


def words_of(article, level="A2"):
    return [w["word"] for w in ArticleProfile.objects.get(article=article).words[level]]


def never(*args, **kwargs):
    raise AssertionError("the engine ran for a request")


def test_every_demo_article_was_profiled_when_published():
    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    profiled = ArticleProfile.objects.filter(article__in=live)
    assert set(profiled.values_list("article_id", flat=True)) == live
    one = profiled.first()
    assert one.level in ArticleProfile.Level.values
    assert set(one.words) == set(profile.LEARNER_LEVELS)
    assert one.revision_id == ArticlePage.objects.get(pk=one.article_id).live_revision_id


def test_a_new_published_revision_is_profiled_again(politics, publish):
    publish(politics, FIRST)
    article = ArticlePage.objects.get(source_id="profile-test")
    first_revision = ArticleProfile.objects.get(article=article).revision_id
    assert "brinkmanship" in words_of(article)
    publish(politics, SECOND)
    stored = ArticleProfile.objects.get(article=article)
    assert stored.revision_id != first_revision
    assert stored.revision_id == ArticlePage.objects.get(pk=article.pk).live_revision_id
    assert "obfuscation" in words_of(article) and "brinkmanship" not in words_of(article)


def test_publishing_without_an_index_still_publishes(politics, publish, monkeypatch):
    def missing():
        raise LexiconUnavailable("no index")

    monkeypatch.setattr(profile, "open_lexicon", missing)
    publish(politics, FIRST, source_id="profile-no-index")
    article = ArticlePage.objects.get(source_id="profile-no-index")
    assert article.live and not ArticleProfile.objects.filter(article=article).exists()
    monkeypatch.setattr(
        "broadsheet.lexicon.management.commands.profile_articles.open_lexicon", missing
    )
    with pytest.raises(CommandError, match="no index"):
        call_command("profile_articles")


def test_the_publish_request_only_enqueues_the_profile_the_worker_computes(
    queued, politics, publish, client
):
    """With the production (database) backend, publishing computes no profile: it enqueues
    the job, the page meanwhile answers with no word list (not an error), and one run of
    the worker stores the profile."""
    publish(politics, FIRST, source_id="profile-queued")
    article = ArticlePage.objects.get(source_id="profile-queued")
    assert article.live and not ArticleProfile.objects.filter(article=article).exists()
    job = DBTaskResult.objects.get(task_path="broadsheet.lexicon.tasks.profile_published_article")
    assert job.args_kwargs["args"] == [article.pk]
    assert job.queue_name == "default", "never ahead of the purges on the pages queue"
    client.cookies[reader_prefs.LEVEL_COOKIE] = "A2"
    page = client.get(article.url)
    assert page.status_code == 200
    assert "This article has no word list yet." in page.content.decode()
    assert "bs-words__list" not in page.content.decode()
    run_jobs("default")
    assert "brinkmanship" in words_of(article)
    assert "bs-words__list" in client.get(article.url).content.decode()


def test_the_command_fills_in_missing_profiles(article):
    ArticleProfile.objects.filter(article=article).delete()
    call_command("profile_articles", "--missing")
    assert ArticleProfile.objects.filter(article=article).exists()


def test_the_box_shows_the_stored_words_without_running_the_engine(client, article, monkeypatch):
    """The box for a chosen level: the words, their sense and sentence, the glossary's gloss."""
    known = set(GlossaryTerm.objects.values_list("key", flat=True))
    words = ArticleProfile.objects.get(article=article).words["B1"]
    word = next(w for w in words if w["word"].lower() not in known and w["lemma"] not in known)
    term = GlossaryTerm.objects.create(term=word["word"], explanation="Editors' note.")
    GlossaryGloss.objects.create(term=term, language="ko", text="편집자 풀이")
    monkeypatch.setattr(profile, "profile_text", never)
    monkeypatch.setattr(lookups, "open_lexicon", never)
    client.cookies[reader_prefs.LEVEL_COOKIE] = "B1"
    page = client.get(article.url).content.decode()
    assert '<details class="bs-words" id="words-to-know" lang="en" open>' in page
    assert f"<strong>{word['word']}</strong>" in page
    assert f'<p lang="en">{word["sense"]}</p>' in page
    assert '<p class="bs-words__gloss" lang="ko">편집자 풀이</p>' in page
    assert f"<mark>{word['word']}</mark>" in page
    assert 'name="level" value="B1" aria-pressed="true"' in page


def test_the_box_is_closed_and_costs_no_query_until_a_level_is_chosen(
    client, article, django_assert_num_queries
):
    client.get(article.url)
    with CaptureQueriesContext(connection) as off:
        page = client.get(article.url).content.decode()
    assert '<details class="bs-words" id="words-to-know" lang="en">' in page
    assert not any("lexicon_articleprofile" in q["sql"] for q in off.captured_queries)
    client.cookies[reader_prefs.LEVEL_COOKIE] = "C1"
    client.get(article.url)
    with CaptureQueriesContext(connection) as chosen:
        client.get(article.url)
    assert len(chosen.captured_queries) == len(off.captured_queries) + 1


def test_an_article_without_a_profile_says_so(client, article):
    ArticleProfile.objects.filter(article=article).delete()
    client.cookies[reader_prefs.LEVEL_COOKIE] = "B2"
    assert "This article has no word list yet." in client.get(article.url).content.decode()


def test_the_level_form_sets_a_cookie_and_refuses_a_made_up_level(client, article):
    response = client.post("/display/", {"level": "B1", "next": article.url})
    assert response.status_code == 302
    assert response.cookies[reader_prefs.LEVEL_COOKIE].value == "B1"
    assert client.post("/display/", {"level": "Z9"}).status_code == 400


def test_levels_are_cached_apart(client, article, settings, tmp_path):
    """A copy stored for a B1 reader never reaches a reader without a level, and back."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    plain = client.get(article.url).content
    client.cookies[reader_prefs.LEVEL_COOKIE] = "B1"
    b1 = client.get(article.url).content
    client.cookies[reader_prefs.LEVEL_COOKIE] = "made-up"
    made_up = client.get(article.url).content
    assert b"bs-words__list" in b1 and b"bs-words__list" not in plain
    assert made_up == plain
