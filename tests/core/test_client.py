"""core.client.client_ip: X-Forwarded-For counts only when a trusted proxy sent the request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from broadsheet.core.client import client_ip


def request(peer: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.4", "203.0.113.7")) == "198.51.100.4"


def test_the_address_the_trusted_proxy_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    forged_then_real = "6.6.6.6, 203.0.113.7"  # the client wrote 6.6.6.6; nginx appended .7
    assert client_ip(request("10.0.0.5", forged_then_real)) == "203.0.113.7"


def test_a_request_from_elsewhere_cannot_set_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request("198.51.100.4", "203.0.113.7")) == "198.51.100.4"


def test_a_chain_of_trusted_proxies_is_skipped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]
    chain = "6.6.6.6, 203.0.113.9, 2001:db8::1, 10.0.0.7"
    assert client_ip(request("10.0.0.5", chain)) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.7<script>", " , ,"])
def test_a_missing_or_malformed_header_counts_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request("10.0.0.5", forwarded)) == "10.0.0.5"


def test_an_overlong_header_is_read_only_at_its_right_end(settings):
    """Bounded work: only the last 2,048 characters, where the proxies' entries are."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    huge = "6.6.6.6, " * 50_000 + "203.0.113.7"
    assert client_ip(request("10.0.0.5", huge)) == "203.0.113.7"
