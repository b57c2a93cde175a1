"""Knowing a bot wall's challenge when a response is one: not the page, and not a plain refusal either.

A challenge asks the client to run JavaScript and keep the cookie it earns; a
slower rate or another User-Agent never passes it, a real browser (or a person)
may. So a crawl that meets one says so, names the vendor, and advises the
browser route or a capture made by a person. Pure: status, headers and body
in, the vendor and the marker that showed it out.

Markers, each from the vendor's documentation or a public detector:
- Cloudflare: `cf-mitigated: challenge` ("Detect a Challenge Page response",
  developers.cloudflare.com); the "Just a moment..." interstitial and its
  `/cdn-cgi/challenge-platform/` scripts; `Server: cloudflare` on a 403 or 503.
- AWS WAF: `x-amzn-waf-action: challenge` or `captcha` ("CAPTCHA and Challenge
  action behavior", docs.aws.amazon.com).
- Imperva (Incapsula): a `/_Incapsula_Resource` script (wafw00f's incapsula plugin).
- DataDome: an `x-datadome` header on a refusal, or a `captcha-delivery.com` frame.
- Akamai: an "Access Denied" page served by `Server: AkamaiGHost` (wafw00f's kona plugin).

CHALLENGE_HOSTS are the other hosts a vendor's challenge loads its interactive check from; the browser route
fetches nothing else off the crawled host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TITLE = re.compile(rb"<title[^>]*>\s*([^<]*?)\s*</title", re.IGNORECASE)
_REFUSALS = frozenset({403, 503})
_WAITING_TITLES = ("Just a moment...", "Just a moment\u2026")
"""Cloudflare's interstitial title (with three dots, or one ellipsis character)."""
BODY_SCAN = 64 * 1024
"""Challenge pages are small and carry their markers near the top; a whole page need not be searched."""


CHALLENGE_HOSTS = frozenset({
    "challenges.cloudflare.com",  # Cloudflare Turnstile and the managed challenge's frame
    "captcha-delivery.com",  # DataDome's CAPTCHA frame (geo.captcha-delivery.com, ...)
})
"""Hosts (and their subdomains) a challenge needs to be solved in a browser; see `is_challenge_host`."""

MET = "met a JavaScript challenge"
"""How every reason for a page lost to a challenge begins (pages.reason); code tells such a page by its cause
(LossCause.CHALLENGE, pages.cause), never by these words."""


@dataclass(frozen=True)
class Challenge:
    """A bot wall's challenge: who set it, and what in the response showed it."""

    vendor: str
    marker: str

    def describe(self) -> str:
        return f"{MET} ({self.vendor})"


def is_challenge_host(host: str) -> bool:
    """Whether `host` serves a known vendor's challenge (CHALLENGE_HOSTS, or one of their subdomains)."""
    return any(host == known or host.endswith("." + known) for known in CHALLENGE_HOSTS)


def page_title(body: bytes) -> str | None:
    match = _TITLE.search(body[:BODY_SCAN])
    return match[1].decode("utf-8", "replace") if match else None


def find_challenge(status: int, headers: Iterable[tuple[str, str]], body: bytes) -> Challenge | None:
    """The challenge this response is, or None for a page or a plain refusal.

    `headers` are (name, value) pairs in any case, as a server sent them.
    """
    sent = {name.lower(): value.strip() for name, value in headers}
    server = sent.get("server", "").lower()
    head = body[:BODY_SCAN]
    title = page_title(head)
    if sent.get("cf-mitigated", "").lower() == "challenge":
        return Challenge("Cloudflare", "cf-mitigated: challenge header")
    if title in _WAITING_TITLES:
        return Challenge("Cloudflare", f'"{title}" page title')
    if b"/cdn-cgi/challenge-platform/" in head:
        return Challenge("Cloudflare", "/cdn-cgi/challenge-platform/ script")
    if sent.get("x-amzn-waf-action", "").lower() in ("challenge", "captcha"):
        return Challenge("AWS WAF", f"x-amzn-waf-action: {sent['x-amzn-waf-action']} header")
    if b"/_Incapsula_Resource" in head:
        return Challenge("Imperva Incapsula", "/_Incapsula_Resource script")
    if b"captcha-delivery.com" in head:
        return Challenge("DataDome", "captcha-delivery.com frame")
    if status in _REFUSALS and "x-datadome" in sent:
        return Challenge("DataDome", "x-datadome header on a refusal")
    if status in _REFUSALS and server == "cloudflare":
        return Challenge("Cloudflare", f"Server: cloudflare on HTTP {status}")
    if status in _REFUSALS and server == "akamaighost" and title == "Access Denied":
        return Challenge("Akamai", '"Access Denied" page from Server: AkamaiGHost')
    return None
