"""The app's side of purging the caching proxy: what it sends, when, and what a failure does."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

from broadsheet.core import page_cache, proxy_purge, reader_prefs
from broadsheet.core.tasks import EVERY_PAGE


class Proxy(ThreadingHTTPServer):
    """Records PURGE requests and answers them with `status`."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[tuple[str, str]] = []
        self.status = 404

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Proxy

    def do_PURGE(self) -> None:  # noqa: N802 (the method's name)
        self.server.seen.append((self.path, self.headers["Cookie"]))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy(settings) -> Iterator[Proxy]:
    server = Proxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PROXY_PURGE_URLS = [server.url]
    settings.PAGE_PURGERS = ["broadsheet.core.proxy_purge.purge_paths"]
    yield server
    server.shutdown()
    server.server_close()


def test_every_variant_of_every_path_is_purged(proxy):
    """One PURGE per path, language, theme and text size, with the variant's cookies."""
    proxy.status = 200
    paths = ["/national/", "/national/feed/"]
    purged = proxy_purge.purge_paths(paths)
    variants = len(settings.LANGUAGES) * len(reader_prefs.THEMES) * len(reader_prefs.TEXT_SIZES)
    assert purged == len(paths) * variants == len(proxy.seen)
    assert {path for path, _ in proxy.seen} == {"/.purge/national/", "/.purge/national/feed/"}
    cookies = {cookie for _, cookie in proxy.seen}
    assert len(cookies) == variants
    assert f"{settings.LANGUAGE_COOKIE_NAME}=ko; bs_theme=dark; bs_text=larger" in cookies


def test_a_path_outside_the_site_is_not_sent_and_others_are_encoded(proxy):
    proxy_purge.purge_paths(["http://elsewhere.example/", "/문화/"])
    assert {path for path, _ in proxy.seen} == {"/.purge/%EB%AC%B8%ED%99%94/"}


def test_a_refused_purge_raises_after_trying_every_proxy(proxy, settings):
    proxy.status = 403
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{closed.getsockname()[1]}"
    settings.PROXY_PURGE_URLS = [down, proxy.url]
    with pytest.raises(proxy_purge.ProxyPurgeError, match="403"):
        proxy_purge.purge_paths(["/"])
    assert proxy.seen  # the proxy after the unreachable one was still told


def test_invalidation_purges_only_after_the_commit(db, proxy, django_capture_on_commit_callbacks):
    """Not before: a reader between purge and commit would refill the proxy with the old page."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.invalidate_paths(["/business/"])
    assert proxy.seen == []
    for callback in callbacks:
        callback()
    assert {path for path, _ in proxy.seen} == {"/.purge/business/"}


def test_a_failed_purge_does_not_fail_the_publication(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.PROXY_PURGE_URLS = [f"http://127.0.0.1:{closed.getsockname()[1]}"]
    settings.PAGE_PURGERS = ["broadsheet.core.proxy_purge.purge_paths"]
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.invalidate_paths(["/business/"])  # the job fails; the caller does not
    assert "ProxyPurgeError" in caplog.text


def test_no_proxy_means_no_purge(settings):
    settings.PROXY_PURGE_URLS = []
    assert proxy_purge.purge_paths(["/"]) == 0


def test_every_page_purges_the_site_generation_once_per_proxy(proxy):
    """The navigation changed: one PURGE of the site generation that every page's key holds,
    and no path of its own (their keys all change with it)."""
    proxy.status = 200
    assert proxy_purge.purge_paths(["/national/", EVERY_PAGE]) == 1
    assert [path for path, _ in proxy.seen] == [proxy_purge.PURGE_SITE]
