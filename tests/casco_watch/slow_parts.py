"""Slow parts for crawls that must be caught mid-way: the fixture site with slow pages, a slow-closing pipeline.

Paths starting with one of `slow_prefixes` answer only after `delay` seconds,
or as soon as the site closes, so no test waits longer than it must.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_page


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    site: SlowSite


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        if self.path.startswith(site.slow_prefixes):
            site.slow_request_arrived.set()
            site.closing.wait(site.delay)
        page = fixture_page(FIXTURE_STATES[0], self.path)
        body = (page or "<html><body>Page not found</body></html>").encode("utf-8")
        try:
            self.send_response(404 if page is None else 200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet."""


class SlowSite:
    def __init__(self, *slow_prefixes: str, delay: float = 60.0):
        self.slow_prefixes = slow_prefixes
        self.delay = delay
        self.slow_request_arrived = threading.Event()
        self.closing = threading.Event()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SlowSite:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="slow-site", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class SlowClosePipeline:
    """An item pipeline whose close takes CLOSE_SECONDS: placed after the snapshot pipeline (ITEM_PIPELINES 950),
    it closes first, so the crawl sits in its storing phase that long."""

    CLOSE_SECONDS = 4.0

    def close_spider(self) -> None:
        time.sleep(self.CLOSE_SECONDS)
