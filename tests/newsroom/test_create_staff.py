"""create_staff never hands staff rights to an account a reader registered first."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from broadsheet.newsroom.staff import MODERATORS, StaffAccountRefused, create_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("mod1", password="reader-chose-this-1")


def test_a_new_moderator_is_staff_in_the_moderators_group():
    """A username nobody holds becomes a staff account in the group."""
    call_command("create_staff", "--moderator", "mod-new", "--password", "a-long-password-1")
    user = get_user_model().objects.get(username="mod-new")
    assert user.is_staff
    assert user.groups.filter(name=MODERATORS).exists()


def test_an_existing_reader_is_refused_without_the_flag(reader):
    """A reader who registered the username first is not promoted: a clear error, exit 1."""
    with pytest.raises(CommandError, match="existing reader account.*--promote-existing"):
        call_command("create_staff", "--moderator", "mod1")
    reader.refresh_from_db()
    assert not reader.is_staff
    assert not reader.groups.exists()


def test_an_existing_editor_username_is_refused_too(reader):
    """--editor refuses the same way as --moderator."""
    with pytest.raises(CommandError, match="editor: 'mod1' is an existing reader account"):
        call_command("create_staff", "--editor", "mod1")
    reader.refresh_from_db()
    assert not reader.is_staff


def test_the_flag_promotes_an_existing_reader_and_keeps_its_password(reader):
    """--promote-existing makes a plain account staff; its password is not shown or changed."""
    call_command("create_staff", "--moderator", "mod1", "--promote-existing")
    reader.refresh_from_db()
    assert reader.is_staff
    assert reader.groups.filter(name=MODERATORS).exists()
    assert reader.check_password("reader-chose-this-1")


def test_a_social_login_account_is_never_promoted_even_with_the_flag(reader):
    """Whoever controls a linked social account would become staff: always refused."""
    SocialAccount.objects.create(user=reader, provider="google", uid="1234567890")
    with pytest.raises(CommandError, match="linked to a social login"):
        call_command("create_staff", "--moderator", "mod1", "--promote-existing")
    reader.refresh_from_db()
    assert not reader.is_staff
    assert not reader.groups.exists()


def test_an_existing_staff_account_is_added_to_the_group_unchanged():
    """Running the command again for a staff account only adds the group."""
    user, created = create_staff_user("ed1", "editor", "a-long-password-1")
    assert created
    again, created = create_staff_user("ed1", "moderator", "another-password-2")
    assert (again.pk, created) == (user.pk, False)
    assert again.check_password("a-long-password-1")
    assert again.groups.count() == 2


def test_the_service_raises_its_own_error_for_a_reader(reader):
    """The service refuses without the command's wrapping, so every caller is protected."""
    with pytest.raises(StaffAccountRefused):
        create_staff_user("mod1", "moderator", "x-long-password-3")
