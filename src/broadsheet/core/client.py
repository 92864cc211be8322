"""The site's one notion of a request's client address: rate limits, lockouts and the
comment pace rules all count by it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    The socket's peer (REMOTE_ADDR); behind a reverse proxy (BEHIND_PROXY) the last address
    of X-Forwarded-For, the one the proxy itself appended. An address the client wrote
    earlier in that header is never read.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.META.get("REMOTE_ADDR", "")
