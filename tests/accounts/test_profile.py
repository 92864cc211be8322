"""The reader's profile: display name, linked accounts, "Download my data", "Delete my account"."""

from __future__ import annotations

import json
import uuid

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from broadsheet.accounts import services
from tests.accounts.conftest import OIDC_ENV


@pytest.fixture
def logged_in(client, reader, providers_from_env):
    providers_from_env({"SOCIAL_KAKAO_CLIENT_ID": "k", "SOCIAL_KAKAO_SECRET": "s", **OIDC_ENV})
    client.force_login(reader)
    return client


@pytest.fixture
def reader_comment(reader, article):
    """A comment by the reader, written through the comments app's own service."""
    from broadsheet.talk import services as talk

    talk.set_up_commenter(reader, "민지 독자", accept_policy=True)
    return talk.post_comment(
        article, reader, "The minister's answer was careful.", idempotency_key=str(uuid.uuid4())
    ).comment


def test_profile_needs_login(client, db):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_shows_name_and_linked_accounts(logged_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        html = logged_in.get("/profile/").content.decode()
    assert '<strong class="bs-profile__name">김민지</strong>' in html
    assert '<span class="bs-linked-accounts__provider">Kakao</span>' in html
    assert "<time datetime=" in html
    assert 'href="/profile/my-data.json"' in html
    assert 'href="/profile/delete/"' in html


def test_profile_prefers_the_commenter_display_name(logged_in, reader_comment):
    html = logged_in.get("/profile/").content.decode()
    assert '<strong class="bs-profile__name">민지 독자</strong>' in html


def test_profile_survives_a_provider_the_operator_removed(client, reader, providers_from_env):
    providers_from_env({})
    client.force_login(reader)
    response = client.get("/profile/")
    assert response.status_code == 200
    assert "Kakao" in response.content.decode()


def test_download_my_data_has_account_social_accounts_and_comments(logged_in, reader_comment):
    response = logged_in.get("/profile/my-data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "minji"
    assert data["account"]["display_name"] == "민지 독자"
    assert data["account"]["email"] == "minji@example.kr"
    (social,) = data["social_accounts"]
    assert social["provider"] == "kakao"
    assert social["uid"] == "3498765432"
    assert social["received"]["kakao_account"]["email"] == "minji@example.kr"
    (comment,) = data["comments"]
    assert comment["text"] == "The minister's answer was careful."


def test_download_without_other_apps_holds_the_account_alone(reader, monkeypatch):
    """With no app registering reader-data hooks, the export is the account and nothing else."""
    monkeypatch.setattr(services.hooks, "get_hooks", lambda name: [])
    data = services.export_account_data(reader)
    assert set(data) == {"exported_at", "account", "social_accounts"}
    assert data["account"]["display_name"] == "김민지"


def test_download_merges_what_each_app_hook_returns(reader, monkeypatch):
    """Each broadsheet_reader_data hook adds its own keys to the download."""
    hooks = {
        "broadsheet_reader_data": [
            lambda user: {"comments": [1]},
            lambda user: {"bookmarks": ["a"]},
        ]
    }
    monkeypatch.setattr(services.hooks, "get_hooks", lambda name: hooks.get(name, []))
    data = services.export_account_data(reader)
    assert data["comments"] == [1] and data["bookmarks"] == ["a"]


def test_deleting_calls_every_erase_hook_in_the_transaction(reader, monkeypatch):
    calls = []
    hooks = {"broadsheet_erase_reader_data": [lambda user, comments: calls.append(comments)]}
    monkeypatch.setattr(services.hooks, "get_hooks", lambda name: hooks.get(name, []))
    services.delete_account(reader, comments="remove")
    assert calls == ["remove"]
    assert not get_user_model().objects.filter(pk=reader.pk).exists()


def test_delete_page_asks_for_a_choice_and_confirmation(logged_in, reader):
    html = logged_in.get("/profile/delete/").content.decode()
    assert 'type="radio" name="comments" value="anonymise"' in html
    assert 'type="radio" name="comments" value="remove"' in html
    response = logged_in.post("/profile/delete/", {"comments": "anonymise"})
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    response = logged_in.post("/profile/delete/", {"confirm": "on"})
    assert response.status_code == 400
    assert "Choose what happens to your comments." in response.content.decode()
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_delete_keeping_comments_as_from_a_deleted_reader(logged_in, reader, reader_comment):
    response = logged_in.post("/profile/delete/", {"comments": "anonymise", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not SocialAccount.objects.filter(uid="3498765432").exists()
    reader_comment.refresh_from_db()
    assert reader_comment.author_id is None
    assert reader_comment.text == "The minister's answer was careful."
    assert logged_in.get("/profile/").status_code == 302, "the reader is logged out"


def test_delete_removing_comments(logged_in, reader, reader_comment):
    logged_in.post("/profile/delete/", {"comments": "remove", "confirm": "on"})
    reader_comment.refresh_from_db()
    assert reader_comment.author_id is None
    assert reader_comment.text == ""


def test_delete_needs_post(logged_in, reader):
    assert logged_in.get("/profile/delete/?comments=remove&confirm=on").status_code == 200
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_staff_accounts_are_not_deleted_here(client, db, verified_login):
    staff = get_user_model().objects.create_user(
        "editor", password="pw-long-enough-1", is_staff=True
    )
    verified_login(client, staff)
    response = client.post("/profile/delete/", {"comments": "remove", "confirm": "on"})
    assert response.status_code == 400
    assert "Staff accounts are removed by an administrator" in response.content.decode()
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_delete_service_refuses_an_unknown_choice(reader):
    with pytest.raises(services.AccountError):
        services.delete_account(reader, comments="keep-forever")  # type: ignore[arg-type]
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_download_my_data_includes_saved_words(logged_in, reader):
    """The dictionary's part of the download arrives through its broadsheet_reader_data hook."""
    from broadsheet.lexicon.saved_words import save_word

    save_word(reader, "intervened", sentence="The army intervened in the dispute.")
    data = json.loads(logged_in.get("/profile/my-data.json").content)
    (word,) = data["saved_words"]
    assert word["headword"] == "intervened"
    assert word["sentence"] == "The army intervened in the dispute."
