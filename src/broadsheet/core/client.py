"""The site's one notion of a request's client address: rate limits, lockouts and the
comment pace rules all count by it."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    The socket's peer (REMOTE_ADDR), unless that peer is one of the operator's proxies
    (settings.TRUSTED_PROXIES, addresses or networks): then X-Forwarded-For is read from the
    right, skipping the trusted proxies' own entries, and the first other address is the
    client. What a client writes further left in that header is never read, and a request
    that does not come from a trusted proxy cannot set the address at all.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(peer, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[-2048:]  # the right end is read
    for entry in reversed(forwarded.split(",")):
        address = entry.strip()
        if _is_trusted(address, networks):
            continue
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            return peer  # a malformed entry: count the proxy rather than trust the text
    return peer
