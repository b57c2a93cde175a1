"""Checking a crawl's arguments before it starts, so a bad value costs a second and not a crawl.

A crawl runs in a child process that pays over a second of Scrapy start-up before
it reads a byte, and a bad URL or setting used to surface there as an exit
code without a reason, or only after the whole crawl (a foreign --db). Every
check here raises CrawlArgumentError naming the option, without click, so the library's `crawl` checks as
the command does; a command turns it into a usage error (exit code 2), with the message, before any crawl
starts (`casco_watch.cli.options.writable_database`). (Dates: `casco_watch.runner.crawl_request`.)
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse

from casco_watch.pipeline.store import DatabaseError, DatabaseInUse, open_database

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class CrawlArgumentError(ValueError):
    """A crawl argument that cannot work; `option` names it as the command spells it (for the usage error),
    None for arguments that do not go together."""

    def __init__(self, message: str, option: str | None):
        super().__init__(message)
        self.option = option


def without_credentials(url: str) -> str:
    """`url` as it may be printed: a `user:password@` in it becomes `***@`."""
    parsed = urlparse(url)
    if parsed.username is None and parsed.password is None:
        return url
    return parsed._replace(netloc="***@" + parsed.netloc.rpartition("@")[2]).geturl()


def web_url(value: str, option: str) -> str:
    """An absolute http(s) URL with a host: the only kind the crawler can fetch and keep to one site."""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise CrawlArgumentError(
            f"expected an absolute http:// or https:// URL like https://www.iso.org, not {without_credentials(value)!r}",
            option,
        )
    return value


def site_url(value: str) -> str:
    """--base-url: a site's root to which page paths are added, so no query string or fragment, and no
    credentials, which would be stored with the snapshot and printed."""
    parsed = urlparse(web_url(value, "--base-url"))
    if parsed.username is not None or parsed.password is not None:
        raise CrawlArgumentError(
            f"{without_credentials(value)!r} carries credentials (user:password@); casco-watch stores and prints the "
            "base URL, so give the site without them", "--base-url")
    if parsed.query or parsed.fragment or value.rstrip().endswith(("?", "#")):
        raise CrawlArgumentError(
            f"expected the site's root, to which page paths are added (like https://www.iso.org), without a query "
            f"string or fragment, not {value!r}", "--base-url")
    return value


def setting_defaults() -> dict[str, object]:
    """Every setting Scrapy or this project defines, with its default (the project's wins)."""
    from scrapy.settings import default_settings

    from casco_watch.crawler import settings as project

    return {name: getattr(module, name) for module in (default_settings, project) for name in dir(module)
            if name.isupper()}


def _as_bool(text: str) -> bool:
    if text.strip().lower() in _TRUE:
        return True
    if text.strip().lower() in _FALSE:
        return False
    raise ValueError("expected true or false (also 1/0, yes/no, on/off)")


def _as_list(text: str) -> list:
    if text.lstrip().startswith("["):
        value = json.loads(text)
        if not isinstance(value, list):
            raise ValueError("expected a JSON list")
        return value
    return [part.strip() for part in text.split(",") if part.strip()]


def _as_dict(text: str) -> dict:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError('expected a JSON object like {"name": 1}')
    return value


def _as_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def _parser_for(default: object) -> tuple[str, Callable[[str], object]] | None:
    """How a value is read for a setting whose default is `default` (bool before int: True is an int)."""
    if isinstance(default, bool):
        return "true or false", _as_bool
    if isinstance(default, int):
        return "a whole number", int
    if isinstance(default, float):
        return "a number", _as_float
    if isinstance(default, (list, tuple)):
        return "a list (comma-separated or JSON)", _as_list
    if isinstance(default, dict):
        return "a JSON object", _as_dict
    return None


def typed_settings(pairs: Iterable[str], warn: Callable[[str], None]) -> dict[str, object]:
    """`--set NAME=VALUE` pairs as values of the type of each setting's default.

    Scrapy would read DOWNLOAD_TIMEOUT=abc only deep inside the crawl, and stop
    it there; here it is refused at once. A name neither Scrapy nor this project
    defines is passed on as text, with a warning (it may be a typo).
    """
    defaults = setting_defaults()
    settings: dict[str, object] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CrawlArgumentError(f"expected NAME=VALUE, got {pair!r}", "--set")
        if name not in defaults:
            warn(f"{name} is not a Scrapy or casco-watch setting (a typo?); passing it on as the text {text!r}")
            settings[name] = text
            continue
        parser = _parser_for(defaults[name])
        if parser is None:
            settings[name] = text
            continue
        expected, parse = parser
        try:
            settings[name] = parse(text)
        except ValueError as error:
            default = repr(defaults[name])
            default = default if len(default) <= 40 else default[:37] + "..."
            raise CrawlArgumentError(
                f"{name} takes {expected} (its default is {default}), not {text!r}: {error}", "--set"
            ) from None
    return settings


def check_writable_database(path: Path) -> None:
    """--db is absent in a folder this process can write, or a casco-watch database it can open for writing.

    A foreign file, one from a newer casco-watch, or a read-only place used to
    be found only when the finished crawl came to store its snapshot. Opening
    an existing file for writing also brings an older schema up to date, as
    the crawl's store would. A file in use by another process is left to the
    store, which waits for it (--lock-timeout) or spools the snapshot.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CrawlArgumentError(f"cannot create the folder {folder}: {error.strerror}", "--db") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CrawlArgumentError(f"the folder {folder} is not writable; choose another --db", "--db")
    if not path.exists():
        return
    if not os.access(path, os.R_OK | os.W_OK):
        raise CrawlArgumentError(f"{path} is not writable by this user; choose another --db", "--db")
    try:
        open_database(path, lock_timeout=0).close()
    except DatabaseInUse:
        return
    except DatabaseError as error:
        raise CrawlArgumentError(str(error), "--db") from None

