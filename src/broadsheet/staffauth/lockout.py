"""django-axes' lockout answer: a 429 page with Retry-After (AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Refuse a login attempt of a locked account or address, even with the right password.

    Every attempt during a lockout starts the cool-off again (axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the full cool-off is the wait.
    """
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else 0
    context = {"minutes": math.ceil(seconds / 60)}
    response = render(request, "staffauth/locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
