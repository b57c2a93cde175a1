"""The `casco` command: a thin layer of click over the crawl job, the store and the catalog.

click rather than typer: it is what typer wraps, it gives exact control of exit
codes and error text, and it adds no dependency beyond rich (already used for
tables and progress).

Exit codes: 0 success (a complete snapshot), 3 a partial snapshot, 1 a failed
crawl or any error, 2 a usage error.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlparse

import click

from casco_watch.spiders.iso_site import CASCO_BASE_URL, CASCO_COMMITTEE_ID
from casco_watch.commands import db_option
from casco_watch.commands.changes import diff, fail, history
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
from casco_watch.crawl_options import as_of_date, typed_settings, web_url, writable_database
from casco_watch.library import DatasetError, load_opendata
from casco_watch.output import counts_text, render_rows
from casco_watch.pipeline.catalog import EXPORT_FORMATS, export_tables, run_query, show_tables_as_of
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots
from casco_watch.schemas import Snapshot

NEXT_STEP = {
    "complete": "Next: `casco diff` shows what changed since the previous complete snapshot.",
    "partial": "The data is stored but marked partial; it is never used by default in diffs. "
    "Fix the reasons above and crawl again.",
    "failed": "Nothing but the snapshot row and its rejects was stored. Fix the reasons above and crawl again.",
}


def print_snapshot(snapshot: Snapshot, db_path: Path, log_file: Path | None = None) -> None:
    pages = ", ".join(f"{count} × HTTP {status}" for status, count in snapshot.pages_by_status.items()) or "none"
    click.echo(f"Snapshot {snapshot.snapshot_id} (as of {snapshot.as_of}) in {db_path}: {snapshot.status.upper()}")
    if snapshot.source_kind == "site":
        click.echo(f"  pages fetched: {pages}")
    click.echo(f"  records:       {counts_text(snapshot.records)}")
    click.echo(f"  rejected:      {counts_text(snapshot.rejected)}")
    for reason in snapshot.reasons:
        click.echo(f"  - {reason}")
    if log_file is not None:
        click.echo(f"  log: {log_file}")
    click.echo(NEXT_STEP[snapshot.status])


def print_outcome(outcome: CrawlOutcome) -> None:
    print_snapshot(outcome.snapshot, outcome.db, outcome.log_file)


def report_interruption(interruption: CrawlInterrupted) -> None:
    """SIGINT/SIGTERM: say what was stored (nothing, unless a finished crawl was being stored) and exit 128 + signal."""
    for outcome in interruption.stored:
        print_outcome(outcome)
    if interruption.stored and interruption.while_storing:
        stored = ", ".join(str(outcome.snapshot.snapshot_id) for outcome in interruption.stored)
        click.echo(f"casco: interrupted ({interruption.signal_name}) while the finished crawl was being stored; "
                   f"snapshot {stored} was stored.", err=True)
    else:
        click.echo(f"casco: interrupted ({interruption.signal_name}); nothing stored"
                   + (" after the snapshots above" if interruption.stored else "") + ". The database is as it was.",
                   err=True)
    sys.exit(interruption.exit_code)


def crawl_and_report(spider: str, spider_args: dict, db_path: Path, settings: dict, verbose: bool) -> int:
    """Say what the crawl will do, show its progress while it runs, then what it stored."""
    from casco_watch.crawl_progress import CrawlDisplay, crawl_plan

    plan = crawl_plan(spider, spider_args, settings, db_path)
    with CrawlDisplay(live=False if verbose else None) as display:
        for line in plan.lines():
            display.say(line)
        try:
            outcome = run_crawl(spider, spider_args, db_path, settings, echo_log=verbose, on_event=display.on_event)
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption)
        except CrawlError as error:
            display.close()
            fail(str(error))
    print_outcome(outcome)
    return outcome.exit_code


def load_local_dataset(dataset: str, db_path: Path, as_of: dt.date | None) -> int:
    """A local Open Data file is read in this process (no Scrapy): the library's `load_opendata`."""
    try:
        snapshot = load_opendata(dataset, db_path, as_of=as_of)
    except (DatasetError, DatabaseError) as error:
        fail(str(error))
    print_snapshot(snapshot, db_path)
    return EXIT_BY_STATUS[snapshot.status]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casco-watch")
def main() -> None:
    """casco-watch: a dated, exact record of ISO/CASCO and the committees around it.

    Exit codes: 0 success (complete snapshot), 3 partial snapshot, 1 failed crawl or error, 2 usage error.
    """


@main.command()
@click.option("--committee", "committees", type=click.IntRange(min=1), multiple=True, help=f"Committee id (repeatable). Default {CASCO_COMMITTEE_ID} (ISO/CASCO).")
@click.option("--source", type=click.Choice(["site", "opendata"]), default="site", show_default=True,
              help="iso.org pages, or ISO Open Data's committee dataset.")
@click.option("--base-url", default=CASCO_BASE_URL, show_default=True, callback=lambda _c, _p, url: web_url(url, "--base-url"),
              help="Site to crawl (a mirror, or a local copy): an absolute http(s) URL.")
@click.option("--dataset", help="ISO Open Data file: URL, file:// URL or path, plain or gzip'd (--source opendata).")
@click.option("--follow-liaisons", is_flag=True, help="Also read the pages of the committees in liaison (one level).")
@click.option("--as-of", callback=lambda _c, _p, value: as_of_date(value),
              help="Date the snapshot describes (YYYY-MM-DD, not after today). Default: today, or the dataset's date.")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests to start AutoThrottle from (default 1).")
@click.option("--max-duration", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the crawl after this long; pages not read by then are lost, with that reason, so the "
                   "snapshot is never complete.")
@click.option("--user-agent", help="User-Agent header (default names casco-watch and its contact URL).")
@click.option("--set", "extra_settings", multiple=True, metavar="NAME=VALUE", help="Any Scrapy setting (repeatable).")
@click.option("--verbose", is_flag=True, help="Show the crawl log on the terminal.")
@db_option
def crawl(committees, source, base_url, dataset, follow_liaisons, as_of, delay, max_duration, user_agent,
          extra_settings, verbose, db_path):
    """Crawl once and store the result as one snapshot; print what was found and how complete it is.

    Every argument and --db are checked before the crawl starts (exit 2). While it runs, stderr says what it is
    doing; SIGINT/SIGTERM stop it with nothing stored (exit 130/143).
    """
    settings = typed_settings(extra_settings, warn=lambda message: click.echo(f"casco: warning: {message}", err=True))
    if delay is not None:
        settings.update(AUTOTHROTTLE_START_DELAY=delay, DOWNLOAD_DELAY=delay)
    if max_duration is not None:
        settings["CASCO_MAX_DURATION"] = max_duration
    if user_agent:
        settings["USER_AGENT"] = user_agent
    if source == "opendata":
        if committees or follow_liaisons or base_url != CASCO_BASE_URL:
            raise click.UsageError("--committee, --follow-liaisons and --base-url are for --source site; "
                                   "the Open Data dataset always holds every committee")
        if dataset is None or urlparse(dataset).scheme in ("http", "https"):
            spider, spider_args = "opendata", {"dataset": dataset and web_url(dataset, "--dataset")}
        else:
            writable_database(db_path)
            sys.exit(load_local_dataset(dataset, db_path, as_of))
    elif dataset:
        raise click.UsageError("--dataset goes with --source opendata")
    else:
        spider = "casco"
        spider_args = {
            "base_url": base_url,
            "committees": ",".join(map(str, committees or (CASCO_COMMITTEE_ID,))),
            "follow_liaisons": str(follow_liaisons),
        }
    writable_database(db_path)
    spider_args["as_of"] = as_of and as_of.isoformat()
    sys.exit(crawl_and_report(spider, spider_args, db_path, settings, verbose))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
def snapshots(fmt, db_path):
    """List the stored snapshots with their status, scope and counts."""
    try:
        with open_database(db_path, read_only=True) as con:
            stored = read_snapshots(con)
    except DatabaseError as error:
        fail(str(error))
    columns = list(Snapshot.model_fields)
    if fmt == "table":
        columns = ["snapshot_id", "as_of", "status", "source_kind", "scope", "records", "rejected", "reasons"]
    rows = [tuple(getattr(snapshot, name) for name in columns) for snapshot in stored]
    click.echo(render_rows(columns, rows, fmt, title="Snapshots"))


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", "on_date", type=click.DateTime(["%Y-%m-%d"]),
              help="Answer as the database stood on this date: snapshots dated later are hidden from every table and view.")
@db_option
def query(sql, fmt, on_date, db_path):
    """Run SQL on a read-only connection (tables: snapshots, committees, memberships, ...; views: latest_*, *_history)."""
    try:
        con = open_database(db_path, read_only=True)
        if on_date:
            show_tables_as_of(con, on_date.date())
        columns, rows = run_query(con, sql)
    except DatabaseError as error:
        fail(str(error))
    click.echo(render_rows(columns, rows, fmt))


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write into.")
@click.option("--snapshot", "snapshot_id", type=int, help="Only this snapshot (default: all).")
@db_option
def export(fmt, out_dir, snapshot_id, db_path):
    """Export the snapshots and record tables with DuckDB's COPY, one file per table."""
    try:
        con = open_database(db_path, read_only=True)
        written = export_tables(con, fmt, out_dir, snapshot_id)
    except DatabaseError as error:
        fail(str(error))
    for path in written:
        click.echo(str(path))


@main.command("import-opendata")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Date of a single dump whose name has none.")
@db_option
def import_opendata(files, as_of, db_path):
    """Load ISO Open Data dumps as one snapshot each, oldest first (dated by their file names)."""
    from casco_watch.opendata_import import ImportOrderError, import_datasets

    try:
        stored = import_datasets(files, db_path, as_of=as_of.date() if as_of else None)
    except (ImportOrderError, DatasetError, DatabaseError) as error:
        fail(str(error))
    statuses = [snapshot.status for snapshot in stored]
    click.echo(f"{len(stored)} snapshot(s) stored in {db_path}: " +
               ", ".join(f"{statuses.count(s)} {s}" for s in ("complete", "partial", "failed") if s in statuses))
    sys.exit(EXIT_ERROR if "failed" in statuses else EXIT_PARTIAL if "partial" in statuses else EXIT_COMPLETE)


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("output") / "demo.duckdb",
              show_default=True, help="The demo's own DuckDB file (replaced on every run).")
@click.pass_context
def demo(ctx, db_path):
    """Offline: serve the bundled fixture site on loopback, crawl its two dated states, show snapshots and diff."""
    from casco_watch.crawl_progress import CrawlDisplay
    from casco_watch.demo import run_demo

    def report(state, outcome):
        click.echo(f"\n== Crawl of the fixture site as it stood on {state}")
        print_outcome(outcome)

    with CrawlDisplay() as display:
        try:
            outcomes = run_demo(db_path, report, on_event=display.on_event)
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption)
        except CrawlError as error:
            display.close()
            fail(str(error))
    click.echo("\n== casco snapshots")
    ctx.invoke(snapshots, fmt="table", db_path=db_path)
    if all(outcome.snapshot.status == "complete" for outcome in outcomes):
        click.echo("\n== casco diff (what changed between the two states)")
        ctx.invoke(diff, from_id=None, to_id=None, committee_id=None, fmt="table", db_path=db_path)
    click.echo(f"\nExplore: casco query --db {db_path} \"SELECT * FROM latest_memberships LIMIT 10\"")


main.add_command(diff)
main.add_command(history)


if __name__ == "__main__":
    main()
