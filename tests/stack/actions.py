"""Changes made inside a running stack, as its editors and readers would make them.

Run by tests/stack/test_stack.py as `python tests/stack/actions.py` with the stack's app
environment (its PostgreSQL, Redis and PROXY_PURGE_URLS), so the changes go through the
app's own services and signals and purge the stack's proxy. One process does every change
(starting Django is the slow part); it prints what it did as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from importlib import import_module

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django.setup()

from django.conf import settings  # noqa: E402 (after django.setup)
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult, get_date_max  # noqa: E402
from wagtail.models import Page  # noqa: E402

from broadsheet.talk import services as talk  # noqa: E402
from broadsheet.talk.models import CommentStatus  # noqa: E402


def page(path: str) -> Page:
    return Page.objects.get(url_path="/home" + path).specific


def retitle(path: str, title: str) -> None:
    """An editor changes an article's headline and publishes it."""
    article = page(path)
    article.title = title
    article.save_revision().publish()


def edit_section(path: str, field: str, value: str) -> None:
    """An editor changes a section's title (the navigation) or introduction and publishes it."""
    section = page(path)
    setattr(section, field, value)
    section.save_revision().publish()


def unpublish(path: str) -> None:
    page(path).unpublish()


def comment(path: str, text: str) -> str:
    """A reader comments; a moderator approves the comment if the rules held it."""
    users = get_user_model()
    author = users.objects.create_user(f"stack-{uuid.uuid4().hex[:8]}", password=None)
    talk.set_up_commenter(author, "Stack Reader", accept_policy=True)
    result = talk.post_comment(page(path), author, text, idempotency_key=uuid.uuid4().hex)
    if result.comment.status != CommentStatus.PUBLISHED:
        moderator = users.objects.create_superuser(f"mod-{uuid.uuid4().hex[:8]}", password=None)
        talk.approve_comment(moderator, result.comment.pk)
    return str(result.comment.status)


def session(username: str) -> str:
    """A logged-in reader's session cookie value."""
    user = get_user_model().objects.create_user(username, password=None)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key or ""


def settle(seconds: str) -> float:
    """Wait until the stack's workers have no job to do (the demo's vocabulary profiles after
    a start: each one purges its article when done); returns the seconds waited."""
    started = time.monotonic()
    while True:
        # Due now or running: the periodic jobs wait for a later time and do not count.
        due = Q(run_after=get_date_max()) | Q(run_after__lte=timezone.now())
        waiting = DBTaskResult.objects.filter(Q(status="RUNNING") | Q(due, status="READY"))
        if not waiting.exists():
            break
        if time.monotonic() - started > float(seconds):
            raise RuntimeError(f"jobs still waiting after {seconds} s: {list(waiting.values())}")
        time.sleep(0.2)
    return time.monotonic() - started


ACTIONS = {
    "retitle": retitle,
    "edit_section": edit_section,
    "unpublish": unpublish,
    "comment": comment,
    "session": session,
    "settle": settle,
}

if __name__ == "__main__":
    done = [ACTIONS[name](*args) for name, *args in json.loads(sys.argv[1])]
    print(json.dumps(done))
