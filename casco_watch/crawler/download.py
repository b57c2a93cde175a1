"""One polite HTTP download outside Scrapy, with the crawler's manners: its User-Agent, robots.txt, retries and waits.

Two transports fetch an Open Data file: Scrapy's downloader in `scrapy crawl opendata` (spiders/opendata.py),
and this one, in process, for the library and `casco crawl --source opendata` (a crawl process costs ~2 s
before its first byte). Their manners are defined once, in casco_watch/crawler/settings.py, and both read
them there: the User-Agent, robots.txt obeyed (ROBOTSTXT_OBEY, read with Protego, Scrapy's own parser; a
robots.txt that cannot be fetched allows everything, as in Scrapy), the retried statuses and number of
retries, the download timeout, the server's Retry-After honoured up to CASCO_RETRY_AFTER_MAX, else the capped
exponential backoff of `backoff_seconds`, from which `BackoffRetryMiddleware` takes its waits too.
"""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from casco_watch.crawler import settings
from casco_watch.schemas import LossCause

NO_NETWORK = "cannot reach {host} (DNS lookup failed): no network? Try `casco demo` to see casco-watch work offline"
"""What a failed DNS lookup means to a user; it is retried once at most, since waiting does not bring a network back."""


class DownloadError(OSError):
    """The file could not be fetched; the message says why and what to do, `http_status` what the server said,
    `cause` why as a value (by default, what its HTTP status means)."""

    def __init__(self, message: str, http_status: int | None = None, cause: LossCause | None = None):
        super().__init__(message)
        self.http_status = http_status
        self.cause = cause or (LossCause.of_http_status(http_status) if http_status is not None else LossCause.OTHER)


def retry_after_seconds(header: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not header:
        return None
    value = header.decode("latin-1") if isinstance(header, bytes) else header
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(retry: int, base: float = settings.CASCO_RETRY_BACKOFF_BASE,
                    cap: float = settings.CASCO_RETRY_BACKOFF_MAX) -> float:
    """The wait before retry number `retry` (1, 2, ...) when the server gave no Retry-After."""
    return min(cap, base * 2 ** (retry - 1))


def _is_dns_failure(error: urllib.error.URLError) -> bool:
    return isinstance(error.reason, socket.gaierror)


def robots_allow(url: str, user_agent: str) -> bool:
    """Whether the host's robots.txt lets `user_agent` fetch `url`, as Scrapy's RobotsTxtMiddleware reads it
    (Protego is imported here: loading a local file never needs it)."""
    from protego import Protego

    parts = urlparse(url)
    robots = urllib.request.Request(f"{parts.scheme}://{parts.netloc}/robots.txt", headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(robots, timeout=settings.DOWNLOAD_TIMEOUT) as response:
            body = response.read()
    except OSError:
        return True
    return Protego.parse(body.decode("utf-8", errors="ignore")).can_fetch(url, user_agent)


def open_url(
    url: str,
    *,
    user_agent: str = settings.USER_AGENT,
    retries: int = settings.RETRY_TIMES,
    obey_robots: bool = settings.ROBOTSTXT_OBEY,
    sleep: Callable[[float], None] = time.sleep,
) -> http.client.HTTPResponse:
    """The response of `url`, open for reading (the caller closes it), once the server answers 200: refused when
    the host's robots.txt forbids it, 429/5xx (settings.RETRY_HTTP_CODES) and lost connections retried as the
    crawler does."""
    host = urlparse(url).hostname or url
    if obey_robots and not robots_allow(url, user_agent):
        raise DownloadError(f"cannot download {url}: forbidden by {host}'s robots.txt, which casco-watch obeys "
                            "(ROBOTSTXT_OBEY)", cause=LossCause.DROPPED)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    for attempt in range(retries + 1):
        try:
            return urllib.request.urlopen(request, timeout=settings.DOWNLOAD_TIMEOUT)
        except urllib.error.HTTPError as error:
            cause, status = f"HTTP {error.code}", error.code
            advised = retry_after_seconds(error.headers.get("Retry-After"))
            if error.code not in settings.RETRY_HTTP_CODES:
                raise DownloadError(f"cannot download {url}: {cause}", error.code) from error
            if advised is not None and advised > settings.CASCO_RETRY_AFTER_MAX:
                raise DownloadError(
                    f"cannot download {url}: {cause}, and the server asked to wait {advised:.0f} s (Retry-After), "
                    f"longer than the {settings.CASCO_RETRY_AFTER_MAX:.0f} s casco-watch waits; try again later",
                    error.code,
                    LossCause.RETRY_AFTER_TOO_LONG,
                ) from error
        except urllib.error.URLError as error:
            if _is_dns_failure(error):
                if attempt >= min(1, retries):
                    raise DownloadError(NO_NETWORK.format(host=host), cause=LossCause.NO_NETWORK) from error
                continue
            cause, advised, status = f"{error.reason}", None, None
        except OSError as error:
            cause, advised, status = f"{type(error).__name__}: {error}", None, None
        if attempt == retries:
            break
        sleep(advised if advised is not None else backoff_seconds(attempt + 1))
    raise DownloadError(f"cannot download {url}: {cause}, still after {retries} retries; try again later", status)
