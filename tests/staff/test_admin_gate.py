"""No admin URL, staff permission or staff-only API answers a session that gave only a password."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from broadsheet.newsroom.staff import MODERATORS, ensure_staff_groups
from tests.staff.conftest import PASSWORD
from tests.staff_login import enrolled_device, log_in_verified

pytestmark = pytest.mark.django_db

# The pages a session with only a password may still open: the login, the second step, logout.
OPEN = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/two-factor/",
    "/admin/jsi18n/",  # the admin pages' translations
    "/admin/sprite/",  # the admin pages' icons
)


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _example_path(route: str) -> str:
    """A concrete path for a route: every parameter filled with a plausible value."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path|uuid)?:?\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # a regex group (Wagtail's few)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path.lstrip("/")


def admin_paths() -> list[str]:
    paths = sorted(
        {_example_path(route) for route in _walk(get_resolver().url_patterns)} - {"/admin/"}
    )
    found = [p for p in paths if p.startswith("/admin/") and not p.startswith(OPEN)]
    return ["/admin/", *found]


def test_the_enumeration_finds_the_admin_and_the_moderators_queue():
    paths = admin_paths()
    assert len(paths) > 100
    assert "/admin/comments/" in paths and "/admin/comments/log/" in paths
    assert "/admin/pages/1/edit/" in paths


def test_every_admin_url_refuses_a_session_with_only_a_password(client, django_user_model):
    """A superuser (whom Wagtail would let in anywhere) with a password but no code: every
    admin URL, GET and POST, sends them to the second step and runs no admin view."""
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", PASSWORD)
    enrolled_device(boss)
    assert (
        client.post("/admin/login/", {"username": "boss", "password": PASSWORD}).status_code == 302
    )
    for path in admin_paths():
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (path, response.status_code)
            assert response["Location"].startswith("/admin/two-factor/?next="), path


def test_the_same_urls_open_once_verified(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss2", "b2@example.org", PASSWORD)
    log_in_verified(client, boss)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/comments/").status_code == 200
    assert client.get("/admin/comments/log/").status_code == 200


def test_an_unverified_staff_session_is_anonymous_to_reader_pages_and_the_api(
    client, moderator, article
):
    client.post("/admin/login/", {"username": moderator.username, "password": PASSWORD})
    assert client.get("/api/comments/mine").status_code in (401, 403)
    assert client.get("/profile/")["Location"].startswith("/accounts/login/")
    log_in_verified(client, moderator)
    assert client.get("/admin/comments/").status_code == 200


def test_an_admin_capable_reader_account_holds_no_permission_before_the_second_step(
    rf, django_user_model
):
    """An account given a staff group in the admin (is_staff off) is gated by its permissions:
    with django-otp's mark of an unverified session, has_perm is False everywhere."""
    ensure_staff_groups()
    user = django_user_model.objects.create_user("grouped-reader")
    user.groups.add(Group.objects.get(name=MODERATORS))
    user = django_user_model.objects.get(pk=user.pk)
    user.otp_device = None  # what OTPMiddleware sets for an unverified session
    assert not user.has_perm("talk.moderate_comment")
    assert not user.has_perm("wagtailadmin.access_admin")
    verified = django_user_model.objects.get(pk=user.pk)
    verified.otp_device = enrolled_device(verified)
    assert verified.has_perm("talk.moderate_comment")
    loaded_outside_a_request = django_user_model.objects.get(pk=user.pk)
    assert loaded_outside_a_request.has_perm("talk.moderate_comment")


def test_a_grouped_reader_is_sent_to_the_second_step_at_the_admin(client, django_user_model):
    ensure_staff_groups()
    user = django_user_model.objects.create_user("grouped-reader-2")
    user.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(user)
    assert client.get("/admin/comments/")["Location"].startswith("/admin/two-factor/")
