"""Factories for the comments tests: readers, moderators and the moderation settings."""

from __future__ import annotations

import itertools
import uuid

import pytest

from broadsheet.talk.errors import CommentError

_serial = itertools.count(1)


@pytest.fixture
def make_reader(db):
    """A reader who has chosen a display name and accepted the policy."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from broadsheet.talk.models import Commenter

    def make(name: str | None = None, **commenter_fields):
        n = next(_serial)
        user = get_user_model().objects.create_user(
            username=f"reader{n}-{uuid.uuid4().hex[:6]}", email=f"reader{n}@example.org"
        )
        Commenter.objects.create(
            user=user,
            display_name=name or f"Reader {n} {user.pk}",
            accepted_policy_at=timezone.now(),
            **commenter_fields,
        )
        return user

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader()


@pytest.fixture
def moderator(db):
    from broadsheet.newsroom.staff import create_staff_user

    user, _ = create_staff_user(f"mod-{uuid.uuid4().hex[:6]}", "moderator", "pw-not-used-123")
    return user


@pytest.fixture
def config(db):
    """Moderation settings with the first-comment hold off, so rules alone decide."""
    from broadsheet.talk.models import ModerationSettings

    settings = ModerationSettings.load()
    settings.hold_first_comments = 0
    settings.save()
    return settings


@pytest.fixture
def post(article, config):
    """post(author, text, **kw): post_comment with a fresh idempotency key."""
    from broadsheet.talk.services import post_comment

    def _post(author, text, *, key=None, on=None, **kwargs):
        return post_comment(
            on or article, author, text, idempotency_key=key or uuid.uuid4().hex, **kwargs
        ).comment

    return _post


def refusal(fn, *args, **kwargs):
    """The CommentError that calling fn(*args, **kwargs) raises (the test fails if none)."""
    with pytest.raises(CommentError) as caught:
        fn(*args, **kwargs)
    return caught.value
