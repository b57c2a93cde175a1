"""The `casco` command: a thin layer of click over the crawl job, the store and the catalog.

click rather than typer: it is what typer wraps, it gives exact control of exit
codes and error text, and it adds no dependency beyond rich (already used for
tables and progress).

Exit codes: 0 success (a complete snapshot), 3 a partial snapshot, 1 a failed
crawl or any error, 2 a usage error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import click

from casco_watch.spiders import CASCO_BASE_URL, CASCO_COMMITTEE_ID
from casco_watch.commands import ISO_ID, SNAPSHOT_ID, AsOfDate, db_option, lock_timeout_option
from casco_watch.commands.accept import accept
from casco_watch.commands.archive import replay_capture, reparse
from casco_watch.commands.changes import diff, fail, history
from casco_watch.commands.notify import notify, notify_after_crawl, optional_notification_url
from casco_watch.commands.reconcile import reconcile
from casco_watch.commands.report import report
from casco_watch.crawl_job import (
    EXIT_BY_STATUS,
    EXIT_COMPLETE,
    EXIT_ERROR,
    EXIT_PARTIAL,
    CrawlError,
    CrawlInterrupted,
    CrawlOutcome,
    run_crawl,
)
from casco_watch.browser import BROWSER_NAMES, DEFAULT_CHALLENGE_WAIT, INSTALL_ADVICE, browser_settings, find_browser
from casco_watch.crawl_lock import writing_turn
from casco_watch.demo import DEMO_DB, NotADemoDatabase, refuse_foreign_database, run_demo
from casco_watch.crawl_options import site_url, typed_settings, web_url, writable_database
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite
from casco_watch.first_contact import first_contact_report
from casco_watch.library import DatasetError
from casco_watch.output import (
    TABLE_ROW_LIMIT,
    counts_text,
    db_flag,
    more_rows_note,
    parts_text,
    render_rows,
    shown_path,
    snapshot_json,
    to_json,
    write_rows,
)
from casco_watch.parsers.opendata import LATEST_URL
from casco_watch.pipeline import spool
from casco_watch.pipeline.catalog import (
    EXPORT_FORMATS,
    ExportError,
    confine_to_database,
    database_as_of,
    export_tables,
    run_query,
    stream_query,
)
from casco_watch.pipeline.changes import previous_comparable
from casco_watch.pipeline.commit import FutureDateError
from casco_watch.pipeline.plausibility import part_name
from casco_watch.pipeline.store import (
    DEFAULT_DB,
    DatabaseError,
    damaged_database,
    open_database,
    read_snapshots,
    reading_failed,
)
from casco_watch.schemas import PartStatus, Snapshot, SnapshotStatus, SourceKind


def next_step(snapshot: Snapshot, db_path: Path) -> str:
    """What to do after this snapshot, for the state the database is in now."""
    fix = "Fix the reasons above and " + (
        "replay a capture that holds those pages (docs/captures.md), or crawl again." if snapshot.derivation
        else "crawl again.")
    if snapshot.status == SnapshotStatus.FAILED:
        return f"Nothing but the snapshot row, its pages and its rejects was stored. {fix}"
    with open_database(db_path, read_only=True) as con:
        previous = previous_comparable(con, snapshot.snapshot_id)
    usable = (
        f"The usable parts enter diffs, history and latest_* views; the others never do. {fix} "
        if snapshot.status == SnapshotStatus.PARTIAL else ""
    )
    if snapshot.derived_from is not None:
        replaced = (
            f"It replaces snapshot {snapshot.derived_from} (the same pages, read by today's parsers) in history, "
            f"latest_* views and default diffs, in the parts it holds complete; snapshot {snapshot.derived_from} "
            "stays stored and stays in force in the others. "
        )
        compare = f"`casco diff {snapshot.derived_from} {snapshot.snapshot_id}{db_flag(db_path)}` shows what the re-reading changed."
        return usable + replaced + compare
    if previous is None:
        return usable + (
            "This is the first snapshot of this source holding these parts: crawl again later "
            f"(e.g. on a schedule, docs/scheduling.md), then `casco diff{db_flag(db_path)}` shows what changed."
        )
    return usable + f"Next: `casco diff {previous} {snapshot.snapshot_id}{db_flag(db_path)}` shows what changed."


def print_snapshot(snapshot: Snapshot, db_path: Path, log_file: Path | None = None) -> None:
    pages = ", ".join(f"{count} × HTTP {status}" for status, count in snapshot.pages_by_status.items()) or "none"
    click.echo(f"Snapshot {snapshot.snapshot_id} (as of {snapshot.as_of}) in {shown_path(db_path)}: {snapshot.status.upper()}")
    if snapshot.source_kind == SourceKind.SITE:
        click.echo(f"  pages fetched: {pages}")
    click.echo(f"  records:       {counts_text(snapshot.records)}")
    click.echo(f"  rejected:      {counts_text(snapshot.rejected)}")
    if snapshot.parts:
        click.echo(f"  usable:        {parts_text(snapshot.parts, usable=True)}")
    if snapshot.status != SnapshotStatus.COMPLETE and snapshot.parts:
        click.echo(f"  not usable:    {parts_text(snapshot.parts, usable=False)}")
    for reason in snapshot.reasons:
        click.echo(f"  - {reason}")
    for part in snapshot.parts:
        if part.status == PartStatus.SUSPECT:
            committee = f" --committee {part.committee_id}" if part.committee_id is not None else ""
            click.echo(f"  suspect: {part_name(part.record_table, part.committee_id)}; if iso.org confirms it, "
                       f"`casco accept {snapshot.snapshot_id}{committee}{db_flag(db_path)}` lets diffs and history use it")
    for line in first_contact_report(snapshot, db_path):
        click.echo(line)
    if log_file is not None:
        click.echo(f"  log: {shown_path(log_file)}")
    click.echo(next_step(snapshot, db_path))


def print_outcome(outcome: CrawlOutcome) -> None:
    print_snapshot(outcome.snapshot, outcome.db, outcome.log_file)


def spool_note(db_path: Path) -> str:
    """What waits in the spool of `db_path`, if anything: said after a crawl that could not store its snapshot."""
    waiting = spool.pending(db_path)
    if not waiting:
        return ""
    return (f"\n  {len(waiting)} snapshot(s) wait in {spool.spool_dir(db_path)}: the next command that writes to "
            f"{db_path} commits them; `casco snapshots` lists them")


def report_interruption(interruption: CrawlInterrupted, db_path: Path) -> None:
    """SIGINT/SIGTERM: say what was stored (nothing, unless a finished crawl was being stored) and exit 128 + signal."""
    for outcome in interruption.stored:
        print_outcome(outcome)
    if interruption.stored and interruption.while_storing:
        stored = ", ".join(str(outcome.snapshot.snapshot_id) for outcome in interruption.stored)
        click.echo(f"casco: interrupted ({interruption.signal_name}) while the finished crawl was being stored; "
                   f"snapshot {stored} was stored.", err=True)
    else:
        click.echo(f"casco: interrupted ({interruption.signal_name}); nothing stored"
                   + (" after the snapshots above" if interruption.stored else "") + ". The database is as it was."
                   + spool_note(db_path), err=True)
    sys.exit(interruption.exit_code)


def report_import_interruption(stored: list, not_stored: list[Path], db_path: Path) -> None:
    """SIGINT during `import-opendata`: what stays stored, what was not stored and how to finish; exit 130."""
    kept = [outcome for outcome in stored if not outcome.skipped]
    said = (f"{len(kept)} snapshot(s) stored before it stay in {shown_path(db_path)} "
            f"({', '.join(str(outcome.snapshot.as_of) for outcome in kept)})" if kept else "nothing was stored")
    click.echo(f"casco: interrupted (SIGINT); {said}. Not stored: {len(not_stored)} dump(s) "
               f"({', '.join(Path(path).name for path in not_stored)}); run the same import again to store them "
               "(dumps already stored are skipped)." + spool_note(db_path), err=True)
    sys.exit(130)


def crawl_and_report(spider: str, spider_args: dict, db_path: Path, settings: dict, verbose: bool,
                     notify_url: str | None = None, reading: Path | None = None) -> int:
    """Say what the crawl will do, show its progress while it runs, then what it stored.

    `reading` names the archive or capture a replay or re-parse reads instead of the network.
    """
    from casco_watch.crawl_progress import CrawlDisplay, crawl_plan

    plan = crawl_plan(spider, spider_args, settings, db_path, reading)
    with CrawlDisplay(live=False if verbose else None, reading=reading) as display:
        for line in plan.lines():
            display.say(line)
        try:
            outcome = run_crawl(spider, spider_args, db_path, settings, echo_log=verbose, on_event=display.on_event)
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption, db_path)
        except CrawlError as error:
            display.close()
            fail(str(error) + spool_note(db_path))
    print_outcome(outcome)
    if notify_url:
        notify_after_crawl(outcome.snapshot, db_path, notify_url)
    return outcome.exit_code


def load_dataset(
    dataset: str, db_path: Path, as_of: dt.date | None, lock_timeout: float, notify_url: str | None = None,
    max_vanish: float | None = None, committees: tuple[int, ...] = (),
) -> int:
    """An Open Data file or URL is read in this process (no Scrapy, no crawl process): the library's
    `load_opendata`, which tells the dataset by its fields and records a failed download as a failed snapshot."""
    from casco_watch.opendata_import import load_dump

    try:
        stored = load_dump(dataset, db_path, as_of, lock_timeout, max_vanish=max_vanish, committees=committees)
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


def browser_route(path: str | None, profile: Path | None, headed: bool, challenge_wait: float | None) -> dict[str, object]:
    """The settings of a crawl through the browser; exit 2, saying how to get one, when there is none."""
    executable = find_browser(path)
    if executable is None:
        looked = f"{path!r} is not an executable browser" if path else f"none of {', '.join(BROWSER_NAMES)} is on PATH"
        raise click.BadParameter(f"{looked}: {INSTALL_ADVICE}", param_hint="--browser-path")
    return browser_settings(executable, profile=profile, headed=headed,
                            challenge_wait=DEFAULT_CHALLENGE_WAIT if challenge_wait is None else challenge_wait)


class _SayOnStderr(logging.Handler):
    """casco_watch's log messages (waiting for the database, spooled snapshots committed) as `casco: ...` lines.

    click.echo finds sys.stderr when it writes, so a progress display that redirects stderr keeps them tidy.
    """

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"casco: {record.getMessage()}", err=True)


max_vanish_option = click.option(
    "--max-vanish", type=click.FloatRange(0, 1),
    help="Share of a committee's members that may vanish in one snapshot before its memberships are held back as "
         "suspect (default 0.2).")


class _CascoGroup(click.Group):
    """Turns a database that fails while it is read (a file cut short after its header) into one line, exit 1."""

    def invoke(self, ctx: click.Context):
        import duckdb

        try:
            return super().invoke(ctx)
        except duckdb.IOException as error:
            if not reading_failed(error):
                raise
            fail(str(damaged_database(error)))


@click.group(cls=_CascoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casco-watch")
def main() -> None:
    """casco-watch: a dated, exact record of ISO/CASCO and the committees around it.

    Exit codes: 0 success (complete snapshot), 3 partial snapshot, 1 failed crawl or error, 2 usage error.
    """
    package_log = logging.getLogger("casco_watch")
    if not any(isinstance(handler, _SayOnStderr) for handler in package_log.handlers):
        package_log.addHandler(_SayOnStderr())
        package_log.setLevel(logging.INFO)
        package_log.propagate = False


@main.command()
@click.option("--committee", "committees", type=ISO_ID, multiple=True, help=f"Committee id (repeatable). Default {CASCO_COMMITTEE_ID} (ISO/CASCO). With --source opendata: only "
              "these committees' documents of the deliverables dataset.")
@click.option("--source", type=click.Choice([kind.value for kind in SourceKind]), default=SourceKind.SITE.value,
              show_default=True,
              help="iso.org pages, or an ISO Open Data dataset (committees, or deliverables: told by its fields).")
@click.option("--base-url", default=CASCO_BASE_URL, show_default=True, callback=lambda _c, _p, url: site_url(url),
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
    settings = typed_settings(extra_settings, warn=lambda message: click.echo(f"casco: warning: {message}", err=True))
    settings["CASCO_LOCK_TIMEOUT"] = lock_timeout
    if max_vanish is not None:
        settings["CASCO_MAX_VANISH"] = max_vanish
    as_of_text = as_of.isoformat() if as_of else None
    if delay is not None:
        settings.update(AUTOTHROTTLE_START_DELAY=delay, DOWNLOAD_DELAY=delay)
    if max_duration is not None:
        settings["CASCO_MAX_DURATION"] = max_duration
    if user_agent:
        settings["USER_AGENT"] = user_agent
    browser_options = [name for name, given in (("--browser-path", browser_path), ("--browser-profile", browser_profile),
                                                ("--headed", headed), ("--challenge-wait", challenge_wait)) if given]
    if browser_options and not browser:
        raise click.UsageError(f"{', '.join(browser_options)} go with --browser")
    if browser and (replay is not None or source != SourceKind.SITE):
        raise click.UsageError("--browser fetches iso.org's pages; a replay or an Open Data load reads none")
    if browser:
        settings.update(browser_route(browser_path, browser_profile, headed, challenge_wait))
    if replay is not None:
        if follow_liaisons or no_deliverables or dataset or source != SourceKind.SITE or base_url != CASCO_BASE_URL:
            raise click.UsageError("--replay takes the base URL from the archive or capture; give it with "
                                   "--committee and --as-of (for captures of other tools), --db, --set or --verbose only")
        writable_database(db_path)
        with writing_turn(db_path):
            sys.exit(replay_capture(replay, db_path, settings, verbose, committees, as_of))
    if source == SourceKind.OPENDATA:
        if follow_liaisons or no_deliverables or base_url != CASCO_BASE_URL:
            raise click.UsageError("--follow-liaisons, --no-deliverables and --base-url are for --source site")
        if committees and dataset is None:
            raise click.UsageError("--committee with --source opendata chooses committees of the deliverables "
                                   "dataset: give it with --dataset FILE|URL")
        if dataset is not None and urlparse(dataset).scheme in ("http", "https"):
            web_url(dataset, "--dataset")
        writable_database(db_path)
        with writing_turn(db_path):
            sys.exit(load_dataset(dataset or LATEST_URL, db_path, as_of, lock_timeout, notify_url,
                                  max_vanish=max_vanish, committees=committees))
    elif dataset:
        raise click.UsageError("--dataset goes with --source opendata")
    else:
        spider = "casco"
        spider_args = {
            "base_url": base_url,
            "committees": ",".join(map(str, committees or (CASCO_COMMITTEE_ID,))),
            "follow_liaisons": str(follow_liaisons),
            "as_of": as_of_text,
            **({"deliverables": "False"} if no_deliverables else {}),
        }
    writable_database(db_path)
    with writing_turn(db_path):
        sys.exit(crawl_and_report(spider, spider_args, db_path, settings, verbose, notify_url))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@lock_timeout_option(writes=False)
def snapshots(fmt, db_path, lock_timeout):
    """List the stored snapshots with their status, scope and counts, then any waiting in the spool.

    JSON is one object: `snapshots`, the stored ones, and `spooled`, those waiting, each with the `spool` folder it
    waits in and no snapshot_id yet; every `parts` entry is {table, committee_id, status, reasons}.
    """
    try:
        with open_database(db_path, read_only=True, lock_timeout=lock_timeout) as con:
            stored = read_snapshots(con)
    except DatabaseError as error:
        fail(str(error) + spool_note(db_path))
    waiting = spool.pending(db_path)
    if fmt == "json":
        spooled = [{"spool": str(entry.path), **snapshot_json(entry.snapshot)} for entry in waiting]
        for entry in spooled:
            del entry["snapshot_id"]
        click.echo(to_json({"snapshots": [snapshot_json(snapshot) for snapshot in stored], "spooled": spooled}))
        return
    columns = ["snapshot_id", "as_of", "status", "source_kind", "scope", "records", "rejected", "reasons"]
    rows = [tuple(getattr(snapshot, name) for name in columns) for snapshot in stored]
    click.echo(render_rows(columns, rows, fmt, title="Snapshots"))
    if waiting:
        spooled = [(str(entry.path), *(getattr(entry.snapshot, name) for name in columns[1:])) for entry in waiting]
        click.echo(render_rows(["spool", *columns[1:]], spooled, fmt,
                               title="Waiting in the spool (the next command that writes commits them)"))


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", "on_date", type=AsOfDate(),
              help="Answer as the database stood on this date, up to today: snapshots dated later are left out "
                   "of every table and view.")
@db_option
@lock_timeout_option(writes=False)
def query(sql, fmt, on_date, db_path, lock_timeout):
    """Run SQL that can read the database and nothing else (tables: snapshots, committees, memberships, ...;
    views: latest_*, *_history). No file, extension or other database can be reached.

    The table format shows the first 1,000 rows; csv and json give them all, written as they are read.
    """
    try:
        opened = (database_as_of(db_path, on_date, lock_timeout) if on_date
                  else open_database(db_path, read_only=True, lock_timeout=lock_timeout))
        with opened as con:
            confine_to_database(con)
            if fmt != "table":
                columns, batches = stream_query(con, sql)
                write_rows(columns, batches, fmt, sys.stdout)
                return
            columns, rows, more = run_query(con, sql, TABLE_ROW_LIMIT)
    except DatabaseError as error:
        fail(str(error))
    click.echo(render_rows(columns, rows, fmt))
    if more:
        click.echo(more_rows_note(TABLE_ROW_LIMIT))


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write into.")
@click.option("--snapshot", "snapshot_id", type=SNAPSHOT_ID, help="Only this snapshot (default: all).")
@click.option("--force", is_flag=True, help="Overwrite files an earlier export left in --out.")
@db_option
@lock_timeout_option(writes=False)
def export(fmt, out_dir, snapshot_id, force, db_path, lock_timeout):
    """Export the snapshots and record tables with DuckDB's COPY, one file per table."""
    try:
        with open_database(db_path, read_only=True, lock_timeout=lock_timeout) as con:
            written = export_tables(con, fmt, out_dir, snapshot_id, overwrite=force)
    except (DatabaseError, ExportError) as error:
        fail(str(error))
    for path in written:
        click.echo(str(path))


@main.command("import-opendata")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=AsOfDate(), help="Date of a single dump whose name has none, up to today.")
@max_vanish_option
@db_option
@lock_timeout_option(writes=True)
def import_opendata(files, as_of, max_vanish, db_path, lock_timeout):
    """Load ISO Open Data dumps as one snapshot each, oldest first (dated by their file names).

    A dump already stored for its day (the same bytes) is skipped, so the same import can be run again.
    """
    from casco_watch.opendata_import import ImportInterrupted, ImportOrderError, import_datasets

    writable_database(db_path)
    try:
        with writing_turn(db_path):
            outcomes = import_datasets(files, db_path, as_of=as_of, lock_timeout=lock_timeout, max_vanish=max_vanish)
    except (ImportOrderError, DatasetError, DatabaseError, FutureDateError) as error:
        fail(str(error))
    except ImportInterrupted as interruption:
        report_import_interruption(interruption.stored, interruption.not_stored, db_path)
    except KeyboardInterrupt:
        report_import_interruption([], list(files), db_path)
    statuses = [outcome.snapshot.status for outcome in outcomes if not outcome.skipped]
    skipped = len(outcomes) - len(statuses)
    counts = [f"{statuses.count(s)} {s}" for s in SnapshotStatus if s in statuses]
    click.echo(f"{len(statuses)} snapshot(s) stored in {db_path}" + (": " + ", ".join(counts) if counts else "") +
               (f"; {skipped} skipped (already stored)" if skipped else ""))
    sys.exit(EXIT_ERROR if SnapshotStatus.FAILED in statuses else EXIT_PARTIAL if SnapshotStatus.PARTIAL in statuses
             else EXIT_COMPLETE)


@main.command("serve-fixture")
@click.option("--state", type=click.Choice(FIXTURE_STATES), default=FIXTURE_STATES[0], show_default=True,
              help="Which dated state of the bundled site to serve.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free one).")
@click.option("--challenge", is_flag=True, help="Stand behind a JavaScript challenge like Cloudflare's: only a client "
              "that runs JavaScript and keeps cookies (casco crawl --browser) gets past it.")
def serve_fixture(state, port, challenge):
    """Serve the bundled copy of iso.org on 127.0.0.1 until Ctrl-C, to try the spiders offline."""
    with contextlib.ExitStack() as serving:
        try:
            site = serving.enter_context(FixtureSite(state, port=port, challenge=challenge))
        except OSError as error:
            raise click.BadParameter(f"cannot serve on 127.0.0.1:{port}: {error.strerror}; choose another port, "
                                     "or --port 0 for any free one", param_hint="--port") from None
        click.echo(f"Serving the {state} fixture site at {site.base_url}/committee/54998.html (Ctrl-C to stop)")
        click.echo(f"Try: scrapy crawl casco -a base_url={site.base_url} -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_START_DELAY=0")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopped")


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEMO_DB,
              show_default=True, help="The demo's own DuckDB file (replaced on every run; any other is refused).")
@click.pass_context
def demo(ctx, db_path):
    """Offline: serve the bundled fixture site on loopback, crawl its two dated states, show snapshots and diff."""
    from casco_watch.crawl_progress import CrawlDisplay

    try:
        refuse_foreign_database(db_path)  # before the writing turn, which would commit the database's spool
    except NotADemoDatabase as error:
        raise click.BadParameter(str(error), param_hint="--db") from error

    def report(state, outcome):
        click.echo(f"\n== Crawl of the fixture site as it stood on {state}")
        print_outcome(outcome)

    with CrawlDisplay() as display:
        try:
            with writing_turn(db_path):
                outcomes = run_demo(db_path, report, on_event=display.on_event)
        except NotADemoDatabase as error:
            display.close()
            raise click.BadParameter(str(error), param_hint="--db") from error
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption, db_path)
        except CrawlError as error:
            display.close()
            fail(str(error))
    click.echo("\n== casco snapshots")
    ctx.invoke(snapshots, fmt="table", db_path=db_path)
    if all(outcome.snapshot.status == SnapshotStatus.COMPLETE for outcome in outcomes):
        click.echo("\n== casco diff (what changed between the two states)")
        ctx.invoke(diff, from_id=None, to_id=None, committee_id=None, fmt="table", db_path=db_path)
    click.echo(f"\nExplore: casco query{db_flag(db_path)} \"SELECT * FROM latest_memberships LIMIT 10\"")


main.add_command(diff)
main.add_command(history)
main.add_command(accept)
main.add_command(notify)
main.add_command(reconcile)
main.add_command(report)
main.add_command(reparse)


if __name__ == "__main__":
    main()
