"""Every state-changing endpoint refuses a missing or wrong CSRF token: enumerated, not listed.

The test walks the whole URL map (Django's resolver: the site's views, allauth, the
django-ninja API operations and the Wagtail admin) and sends POST, PUT, PATCH and DELETE to
every route as a logged-in user (a superuser under /admin/, a reader elsewhere) without a
token and with a wrong one. Each answer must be 403, or 405 from a view exempt from Django's
CSRF check that does not take the method; nothing may be written to the database. A new
endpoint is covered the day it is added: `test_a_planted_csrf_exempt_endpoint_is_caught`
shows a csrf_exempt view that accepts POST fails the walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from broadsheet import api as site_api
from tests.web import csrf_planted_urls

pytestmark = pytest.mark.django_db

METHODS = ("post", "put", "patch", "delete")
# Values for the path converters of route() patterns.
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
# A matching piece of path for each regular-expression pattern in the map. A pattern missing
# here fails the walk, so a new re_path() gets a sample the day it is added.
REGEX_SAMPLES = {
    r"^((?:[\w\-]+/)*)$": "",
    r"^(?!_util/)((?:[\w\-]+/)*)$": "",
    r"^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\."
    r"(?P<revision_id_b>live|latest|\d+)/$": "1/revisions/compare/live...latest/",
    r"^(?P<provider_id>[^/]+)/": "demo/",
    r"^(\d+)/(.*)$": "1/x",
    r"^.*/$": "x/",
    r"^api/(?P<rest>.*)$": "api/x",
    r"^documents/": "documents/",
    r"^images/": "images/",
    r"^media/(?P<path>.*)$": "media/x",
    r"^pages/": "pages/",
    r"^tags/(?P<slug>[-\w]+)/$": "tags/x/",
    r"^tags/(?P<slug>[-\w]+)/feed/$": "tags/x/feed/",
    r"^archive/(?P<year>[0-9]{4})/$": "archive/2026/",
    r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$": "archive/2026/11/",
    r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$": "archive/2026/11/30/",
}
# Views exempt from the CSRF check on purpose, each with its reason. Keep this list short.
LEGITIMATELY_EXEMPT = {
    # Any /api/ path no operation matches: a JSON 404 for every method, it changes nothing.
    site_api.not_found,
}
LEGITIMATELY_EXEMPT_NAMES = {
    # allauth's Google One Tap endpoint: Google's script posts to it cross-site, so it cannot
    # carry our token; allauth checks its own double-submit cookie (g_csrf_token) instead.
    "google_login_by_token",
    # Apple's OpenID Connect callback (response_mode=form_post): Apple's page posts the answer
    # cross-site; allauth keeps it in the session (the only write allowed) and redirects to a
    # GET, where the OAuth state is checked.
    "apple_callback",
    # The reader's theme and text size (core.reader_prefs.choose): it only sets two display
    # cookies from a closed list, refuses a cross-site Origin, and keeps reader pages free of
    # a CSRF token so the page cache can store them.
    "display",
}
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Endpoint:
    path: str
    pattern: URLPattern


def _piece(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "1"),
            str(pattern._route),
        )
    assert isinstance(pattern, RegexPattern)
    regex = pattern._regex
    assert regex in REGEX_SAMPLES, f"no sample path for the URL pattern {regex!r}"
    return REGEX_SAMPLES[regex]


def _walk(patterns: Iterable, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + _piece(entry.pattern))
        else:
            yield prefix + _piece(entry.pattern), entry


def endpoints(patterns: Iterable | None = None) -> list[Endpoint]:
    """One path per route that reaches its own view (a shadowed route is reached by its sample)."""
    found: dict[str, Endpoint] = {}
    for piece, pattern in _walk(get_resolver().url_patterns if patterns is None else patterns):
        path = "/" + piece
        if path not in found and resolve(path).func == pattern.callback:
            found[path] = Endpoint(path, pattern)
    return list(found.values())


def _exempt(view) -> bool:
    return getattr(view, "csrf_exempt", False)


def unprotected(clients: dict[str, Client], targets: list[Endpoint]) -> list[str]:
    """Every (method, path, token) whose answer is not a refusal, or that wrote to the database."""
    problems: list[str] = []
    for endpoint in targets:
        client = clients["staff" if endpoint.path.startswith("/admin/") else "reader"]
        match = resolve(endpoint.path)
        view = match.func
        listed = view in LEGITIMATELY_EXEMPT or match.url_name in LEGITIMATELY_EXEMPT_NAMES
        for method in METHODS:
            for token in ("none", "wrong"):
                extra = {}
                if token == "wrong":
                    client.cookies["csrftoken"] = "a" * 32
                    extra = {"HTTP_X_CSRFTOKEN": "b" * 32}
                else:
                    client.cookies.pop("csrftoken", None)
                with CaptureQueriesContext(connection) as queries:
                    response = getattr(client, method)(
                        endpoint.path, data={"csrfmiddlewaretoken": "c" * 32}, **extra
                    )
                writes = [q["sql"][:80] for q in queries.captured_queries if WRITES.match(q["sql"])]
                refused = response.status_code == 403 or (
                    response.status_code == 405 and _exempt(view)
                )
                if listed and all("django_session" in sql for sql in writes):
                    continue
                if not refused or writes:
                    problems.append(
                        f"{method.upper()} {endpoint.path} ({token} token): "
                        f"{response.status_code}{' wrote ' + str(writes) if writes else ''}"
                    )
    return problems


@pytest.fixture
def clients(django_user_model, verified_login) -> dict[str, Client]:
    """A reader, and a superuser past the second step (so the admin's views, not the
    second-factor redirect, answer)."""
    reader = django_user_model.objects.create_user("csrf-reader", "r@example.org")
    staff = django_user_model.objects.create_superuser("csrf-staff", "s@example.org", "pw-x-123")
    out = {}
    for name, user in (("reader", reader), ("staff", staff)):
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if user.is_staff:
            verified_login(client, user)
        else:
            client.force_login(user)
        out[name] = client
    return out


def test_every_unsafe_request_without_a_valid_token_is_refused(clients):
    """The whole URL map: 403 (or 405 where the method is not taken) and no database write."""
    targets = endpoints()
    assert any(e.path.startswith("/api/comments/") for e in targets)
    assert any(e.path.startswith("/admin/pages/") for e in targets)
    problems = unprotected(clients, targets)
    assert not problems, "\n".join(problems)


@pytest.mark.urls("tests.web.csrf_planted_urls")
def test_a_planted_csrf_exempt_endpoint_is_caught(clients):
    """The walk fails for a csrf_exempt view that takes POST: the check cannot be forgotten."""
    targets = endpoints(csrf_planted_urls.planted)
    problems = unprotected(clients, targets)
    assert any(p.startswith("POST /planted/1/ (none token)") for p in problems), problems
