"""The database is down or restarting: readers get a 503 with Retry-After, never a 500.

`DatabaseOutageMiddleware` answers a view's connection error (pages, the no-JavaScript forms
and the JSON API alike); `web.views.server_error` calls `outage_response` as well, for the
same error raised outside a view (a middleware's query, a template). Django closes the
broken connection at the end of the request, and CONN_HEALTH_CHECKS (settings.py) checks a
kept connection before the next request uses it, so requests succeed again as soon as the
server is back. Pages already in the page cache are served throughout.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from broadsheet.core.errors import ReaderError

log = logging.getLogger(__name__)

# What Django raises when it cannot connect or its connection broke (SQLite's "database is
# locked" after the busy timeout is an OperationalError too: also worth a retry).
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, is a database connection failure."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def outage_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After: JSON in the API's error shape under /api/, a short page elsewhere."""
    log.warning("database unavailable, answering 503 to %s: %s", request.path, error)
    refusal = ReaderError(
        "unavailable",
        _("The newspaper cannot reach its database for a moment. Please try again shortly."),
        status=503,
        retry_after=settings.DATABASE_RETRY_AFTER,
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(refusal.as_dict(), status=503)
    else:
        # Rendered without the request: no context processor may query the database.
        body = render_to_string("503.html", {"message": refusal.message})
        response = HttpResponse(body, status=503)
    for name, value in refusal.headers().items():
        response[name] = value
    add_never_cache_headers(response)  # a proxy must not keep the outage
    return response


class DatabaseOutageMiddleware:
    """Turns a database connection error raised by a view into `outage_response`."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_outage(exception):
            return outage_response(request, exception)
        return None
