"""A local HTTP server for the fixture iso.org site, so crawls are tested against real HTTP.

It maps iso.org's URLs onto the pages of one dated state, rendered in memory
from the site's data by `casco_watch.fixture_site.render`, and can switch states while running (a second
crawl sees the next month). The faults tests plant (error statuses, resets, hangs, redirects, other pages)
live with the tests (tests/fixture_oracle.py), which extend `FixtureHandler.serve_page`.

In challenge mode it stands behind a bot wall like Cloudflare's: every page but robots.txt answers 403
"Just a moment..." (`Server: cloudflare`, `cf-mitigated: challenge`) until the client runs the page's
script, which POSTs the answer to a small sum to CHALLENGE_ENDPOINT and reloads; the answer earns a
clearance cookie, behind which the pages are exactly the normal ones. Only a client that runs JavaScript
and keeps cookies gets through.
"""

from __future__ import annotations

import random
import re
import secrets
import sys
import threading
from functools import lru_cache
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from casco_watch.fixture_site.render import render_site

FIXTURE_STATES = ("2026-10-01", "2026-11-01")

CHALLENGE_ENDPOINT = "/cdn-cgi/challenge-platform/answer"
CLEARANCE_COOKIE = "cf_clearance"
CLEARANCE_SECONDS = 3600
"""Long enough to outlive a browser's restart: a session cookie would not stay in a persistent profile."""

_CHALLENGE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Just a moment...</title></head>
<body><h1>Checking your browser before accessing the site</h1>
<p>This page needs JavaScript and cookies.</p>
<script>
fetch("{endpoint}", {{method: "POST", headers: {{"Content-Type": "text/plain"}}, body: String({a} * {b} + {c})}})
  .then(function (answer) {{ if (answer.ok) location.reload(); }});
</script>
</body></html>
"""

_PAGE = re.compile(
    r"^(?:/[a-z]{2})?/(?P<kind>committee|member|organization|standard)/(?P<id>[1-9]\d*)"
    r"(?:\.html|(?P<catalogue>/x/catalogue/p/1/u/1/w/1/d/1))$"
)


@lru_cache(maxsize=None)
def fixture_pages(state: str) -> dict[str, str]:
    """Every page of one state, by path relative to the site root (`committee/54998.html`, `robots.txt`)."""
    return render_site(state)


def fixture_page(state: str, target: str) -> str | None:
    """The page that answers a request target (path and query) in a state, or None for a 404."""
    parts = urlsplit(target)
    if parts.path == "/robots.txt":
        return fixture_pages(state)["robots.txt"]
    match = _PAGE.match(parts.path)
    if match is None:
        return None
    if match["catalogue"]:
        if match["kind"] != "committee":
            return None
        suffix = ".catalogue.html"
    elif parts.query == "view=participation" and match["kind"] == "committee":
        suffix = ".participation.html"
    else:
        suffix = ".html"
    return fixture_pages(state).get(f"{match['kind']}/{match['id']}{suffix}")


_RENDERED = re.compile(r"^(?P<kind>committee|member|organization|standard)/(?P<id>\d+)(?:\.(?P<view>participation|catalogue))?\.html$")


def fixture_request(path: str) -> tuple[str, str] | None:
    """The page kind of a rendered page (`committee`, `participation`, `catalogue`, `member`, ...) and the request
    target that `fixture_page` answers with it; None for robots.txt. The inverse of `fixture_page`, for tests and
    benchmarks that parse the pages without crawling them."""
    match = _RENDERED.match(path)
    if match is None:
        return None
    kind, page_id, view = match["kind"], match["id"], match["view"]
    if view == "participation":
        return view, f"/committee/{page_id}.html?view=participation"
    if view == "catalogue":
        return view, f"/committee/{page_id}/x/catalogue/p/1/u/1/w/1/d/1"
    return kind, f"/{kind}/{page_id}.html"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    site: FixtureSite

    def handle_error(self, request, client_address) -> None:
        """A client that hung up (a download cancelled for its size, a timeout) is no server error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FixtureHandler(BaseHTTPRequestHandler):
    server: _Server

    def version_string(self) -> str:
        return "cloudflare" if self.server.site.challenge else super().version_string()

    def do_POST(self) -> None:
        site = self.server.site
        answer = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        if self.path != CHALLENGE_ENDPOINT or not site.challenge:
            self.answer(404, b"")
            return
        site.challenge_answers.append(answer)
        if not site.challenge_clears or answer.strip() != str(site.puzzle_answer):
            self.answer(403, b"", extra={"cf-mitigated": "challenge"})
            return
        cookie = f"{CLEARANCE_COOKIE}={site.clearance}; Path=/; Max-Age={CLEARANCE_SECONDS}; HttpOnly; SameSite=Lax"
        self.answer(200, b"", content_type="text/plain", extra={"Set-Cookie": cookie})

    def _cleared(self) -> bool:
        cookies = SimpleCookie(self.headers.get("Cookie") or "")
        return CLEARANCE_COOKIE in cookies and cookies[CLEARANCE_COOKIE].value == self.server.site.clearance

    def do_GET(self) -> None:
        site = self.server.site
        site.requests.append(self.path)
        if site.challenge and self.path != "/robots.txt" and not self._cleared():
            self.answer(403, site.challenge_page(), extra={"cf-mitigated": "challenge", "Cache-Control": "no-store"})
            return
        self.serve_page()

    def serve_page(self) -> None:
        """The state's page for the request's path, or a 404."""
        page = fixture_page(self.server.site.state, self.path)
        if page is None:
            self.answer(404, b"<html><body><h1>Page not found</h1></body></html>")
            return
        content_type = "text/plain; charset=utf-8" if self.path == "/robots.txt" else "text/html; charset=utf-8"
        self.answer(200, page.encode("utf-8"), content_type=content_type)

    def answer(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        """Quiet: tests read `FixtureSite.requests` instead of a log."""


class FixtureSite:
    """The fixture site served on 127.0.0.1 (a free port) for as long as the `with` block lasts."""

    handler: type[FixtureHandler] = FixtureHandler

    def __init__(self, state: str = FIXTURE_STATES[0], *, challenge: bool = False, challenge_clears: bool = True,
                 port: int = 0):
        """`challenge` puts the site behind a JavaScript challenge (see the module); with `challenge_clears`
        False no answer is ever accepted. `challenge_answers` lists the answers POSTed, in order; `requests`
        every GET's target, in order."""
        self.state = state
        self.challenge = challenge
        self.challenge_clears = challenge_clears
        self.challenge_answers: list[str] = []
        self.clearance = secrets.token_hex(16)
        self._puzzle = tuple(random.randint(2, 999) for _ in range(3))
        self.requests: list[str] = []
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, state: str) -> None:
        if state not in FIXTURE_STATES:
            raise ValueError(f"unknown fixture state {state!r}; known: {', '.join(FIXTURE_STATES)}")
        self._state = state

    @property
    def puzzle_answer(self) -> int:
        a, b, c = self._puzzle
        return a * b + c

    def challenge_page(self) -> bytes:
        a, b, c = self._puzzle
        return _CHALLENGE_PAGE.format(endpoint=CHALLENGE_ENDPOINT, a=a, b=b, c=c).encode("utf-8")

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the fixture site is not running; use it as a context manager")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FixtureSite:
        self._server = _Server(("127.0.0.1", self._port), self.handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="fixture-site", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._server = None
