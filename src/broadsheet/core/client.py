"""The site's one notion of a request's client address: rate limits and lockouts count by it."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request (the socket's peer)."""
    return request.META.get("REMOTE_ADDR", "")
