"""`casco crawl`: one crawl, replay or Open Data load stored as one snapshot, and what it found."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlparse

import click

from casco_watch.cli.archive import replay_capture
from casco_watch.cli.errors import fail
from casco_watch.cli.notify import notify_after_crawl, optional_notification_url
from casco_watch.cli.options import (
    ISO_ID,
    AsOfDate,
    db_option,
    lock_timeout_option,
    max_vanish_option,
    usage_errors,
    writable_database,
)
from casco_watch.cli.outcome import print_snapshot, report_crawl
from casco_watch.crawler.browser import (
    BROWSER_NAMES,
    DEFAULT_CHALLENGE_WAIT,
    INSTALL_ADVICE,
    browser_settings,
    find_browser,
)
from casco_watch.exit_codes import (
    EXIT_BY_STATUS,
)
from casco_watch.library.opendata import DatasetError
from casco_watch.library.crawling import crawl as library_crawl
from casco_watch.parsers.opendata import LATEST_URL
from casco_watch.pipeline.commit import FutureDateError
from casco_watch.pipeline.store import (
    DatabaseError,
)
from casco_watch.publishing.rendering import (
    shown_path,
)
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.runner.crawl_options import (
    site_url,
    typed_settings,
    web_url,
)
from casco_watch.runner.crawl_request import crawl_settings
from casco_watch.schemas import SourceKind
from casco_watch.spiders import CASCO_BASE_URL, CASCO_COMMITTEE_ID


def load_dataset(
    dataset: str, db_path: Path, as_of: dt.date | None, lock_timeout: float, notify_url: str | None = None,
    max_vanish: float | None = None, committees: tuple[int, ...] = (),
) -> int:
    """An Open Data file or URL is read in this process (no Scrapy, no crawl process): the library's
    `load_opendata`, which tells the dataset by its fields and records a failed download as a failed snapshot."""
    from casco_watch.library.opendata import load_opendata

    try:
        stored = load_opendata(dataset, db_path, as_of, committees=committees, lock_timeout=lock_timeout,
                               max_vanish=max_vanish)
    except (DatasetError, DatabaseError, FutureDateError) as error:
        fail(str(error))
    if stored.skipped:
        click.echo(f"Skipped {dataset}: the same content as of {stored.snapshot.as_of} is already stored "
                   f"as snapshot {stored.snapshot.snapshot_id} in {shown_path(db_path)}; nothing new was stored.")
    else:
        print_snapshot(stored.snapshot, db_path)
        if notify_url:
            notify_after_crawl(stored.snapshot, db_path, notify_url)
    return EXIT_BY_STATUS[stored.snapshot.status]


def _site_url(_ctx, _param, url: str) -> str:
    with usage_errors():
        return site_url(url)


def browser_route(path: str | None, profile: Path | None, headed: bool, challenge_wait: float | None) -> dict[str, object]:
    """The settings of a crawl through the browser; exit 2, saying how to get one, when there is none."""
    executable = find_browser(path)
    if executable is None:
        looked = f"{path!r} is not an executable browser" if path else f"none of {', '.join(BROWSER_NAMES)} is on PATH"
        raise click.BadParameter(f"{looked}: {INSTALL_ADVICE}", param_hint="--browser-path")
    return browser_settings(executable, profile=profile, headed=headed,
                            challenge_wait=DEFAULT_CHALLENGE_WAIT if challenge_wait is None else challenge_wait)


@click.command()
@click.option("--committee", "committees", type=ISO_ID, multiple=True, help=f"Committee id (repeatable). Default {CASCO_COMMITTEE_ID} (ISO/CASCO). With --source opendata: only "
              "these committees' documents of the deliverables dataset.")
@click.option("--source", type=click.Choice([kind.value for kind in SourceKind]), default=SourceKind.SITE.value,
              show_default=True,
              help="iso.org pages, or an ISO Open Data dataset (committees, or deliverables: told by its fields).")
@click.option("--base-url", default=CASCO_BASE_URL, show_default=True, callback=_site_url,
              help="Site to crawl (a mirror, or a local copy): an absolute http(s) URL.")
@click.option("--dataset", help="ISO Open Data file: URL, file:// URL or path, plain or gzip'd (--source opendata).")
@click.option("--follow-liaisons", is_flag=True, help="Also read the pages of the committees in liaison (one level).")
@click.option("--no-deliverables", is_flag=True,
              help="Leave out the requested committees' work programmes (catalogue and standard pages).")
@click.option("--as-of", type=AsOfDate(), help="Date the snapshot describes, up to today. Default: today, or the dataset's date.")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests to start AutoThrottle from (default 1).")
@click.option("--max-duration", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the crawl after this long; pages not read by then are lost, with that reason, so the "
                   "snapshot is never complete.")
@click.option("--user-agent", help="User-Agent header (default names casco-watch and its contact URL).")
@max_vanish_option
@click.option("--set", "extra_settings", multiple=True, metavar="NAME=VALUE", help="Any Scrapy setting (repeatable).")
@click.option("--verbose", is_flag=True, help="Show the crawl log on the terminal.")
@click.option("--notify", "notify_url", metavar="URL", callback=optional_notification_url, help="After a complete snapshot with changes, send the diff to "
              "URL (http(s) webhook or apprise URL, as `casco notify --to`). A failed notification does not change the exit code.")
@click.option("--browser", is_flag=True, help="Fetch every page through a real Chromium (for a site behind a JavaScript "
              "challenge); politeness is unchanged.")
@click.option("--browser-path", metavar="PATH", help="The browser to drive (default: the first of "
              f"{', '.join(BROWSER_NAMES)} on PATH). Nothing is downloaded.")
@click.option("--browser-profile", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Keep the browser's profile (cookies included) in DIR, so a challenge passed once serves later crawls.")
@click.option("--headed", is_flag=True, help="Show the browser window, so a person can pass an interactive check.")
@click.option("--challenge-wait", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help=f"How long a page showing a challenge is given to clear in the browser (default {DEFAULT_CHALLENGE_WAIT:g}).")
@click.option("--replay", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="Crawl again with no network from a crawl's .warc.gz archive (committees, base URL and date come "
                   "from it), or from pages recorded by another tool: WARC, WACZ or HAR (docs/captures.md; "
                   "committees from --committee or the capture, date from --as-of or the capture).")
@db_option
@lock_timeout_option(writes=True)
def crawl(committees, source, base_url, dataset, follow_liaisons, no_deliverables, as_of, delay, max_duration, user_agent,
          max_vanish, extra_settings, verbose, notify_url, browser, browser_path, browser_profile, headed, challenge_wait,
          replay, db_path, lock_timeout):
    """Crawl once and store the result as one snapshot; print what was found and how complete it is.

    Every argument and --db are checked before the crawl starts (exit 2). One crawl at a time per database: a
    second one waits for the first to finish. While it runs, stderr says what it is doing; SIGINT/SIGTERM stop
    it with nothing stored (exit 130/143).
    """
    _refuse_mixed_options(source, dataset, replay, browser, (browser_path, browser_profile, headed, challenge_wait),
                          follow_liaisons or no_deliverables or base_url != CASCO_BASE_URL)
    if source == SourceKind.OPENDATA:
        sys.exit(_load_opendata(dataset, committees, as_of, max_vanish, notify_url, db_path, lock_timeout))
    with usage_errors():
        pace = {"delay": delay, "max_duration": max_duration, "user_agent": user_agent, "lock_timeout": lock_timeout,
                "max_vanish": max_vanish, "settings": typed_settings(extra_settings, warn=_warn)}
        if replay is not None:
            sys.exit(replay_capture(replay, db_path, crawl_settings(**pace), verbose, committees, as_of))
        route = browser_route(browser_path, browser_profile, headed, challenge_wait) if browser else None
        sys.exit(report_crawl(lambda on_event: library_crawl(
            db_path, committees=committees, base_url=base_url, follow_liaisons=follow_liaisons,
            deliverables=not no_deliverables, as_of=as_of, browser=route, **pace, echo_log=verbose,
            on_event=on_event), db_path, verbose, notify_url))


def _warn(message: str) -> None:
    click.echo(f"casco: warning: {message}", err=True)


def _refuse_mixed_options(source: str, dataset: str | None, replay: Path | None, browser: bool,
                          browser_options: tuple, site_options: bool) -> None:
    """Options that do not go together are a usage error (exit 2) before anything runs."""
    given = [name for name, value in zip(("--browser-path", "--browser-profile", "--headed", "--challenge-wait"),
                                         browser_options) if value]
    if given and not browser:
        raise click.UsageError(f"{', '.join(given)} go with --browser")
    if browser and (replay is not None or source != SourceKind.SITE):
        raise click.UsageError("--browser fetches iso.org's pages; a replay or an Open Data load reads none")
    if replay is not None and (site_options or dataset or source != SourceKind.SITE):
        raise click.UsageError("--replay takes the base URL from the archive or capture; give it with "
                               "--committee and --as-of (for captures of other tools), --db, --set or --verbose only")
    if source == SourceKind.OPENDATA and site_options:
        raise click.UsageError("--follow-liaisons, --no-deliverables and --base-url are for --source site")
    if source == SourceKind.SITE and dataset:
        raise click.UsageError("--dataset goes with --source opendata")


def _load_opendata(dataset: str | None, committees: tuple[int, ...], as_of: dt.date | None, max_vanish: float | None,
                   notify_url: str | None, db_path: Path, lock_timeout: float) -> int:
    """`--source opendata`, after its options are checked: the dataset loaded in this process."""
    if committees and dataset is None:
        raise click.UsageError("--committee with --source opendata chooses committees of the deliverables "
                               "dataset: give it with --dataset FILE|URL")
    with usage_errors():
        if dataset is not None and urlparse(dataset).scheme in ("http", "https"):
            web_url(dataset, "--dataset")
    writable_database(db_path)
    with writing_turn(db_path):
        return load_dataset(dataset or LATEST_URL, db_path, as_of, lock_timeout, notify_url,
                            max_vanish=max_vanish, committees=committees)
