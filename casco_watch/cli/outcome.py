"""What a crawl is doing and what it stored, said on the terminal: shared by crawl, replay, reparse and demo."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from casco_watch.cli.errors import fail
from casco_watch.cli.notify import notify_after_crawl
from casco_watch.pipeline import spool
from casco_watch.pipeline.changes import previous_comparable
from casco_watch.pipeline.store import (
    open_database,
)
from casco_watch.publishing.answers import suspect_lines
from casco_watch.publishing.rendering import (
    counts_text,
    db_flag,
    parts_text,
    shown_path,
)
from casco_watch.runner.crawl_events import Event
from casco_watch.runner.crawl_job import (
    CrawlError,
    CrawlInterrupted,
    CrawlOutcome,
)
from casco_watch.runner.first_contact import first_contact_report
from casco_watch.schemas import Snapshot, SnapshotStatus, SourceKind


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
    for line in suspect_lines(snapshot, db_path):
        click.echo(line)
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


def report_crawl(run: Callable[[Callable[[Event], None]], CrawlOutcome], db_path: Path, verbose: bool,
                 notify_url: str | None = None, reading: Path | None = None) -> int:
    """Show a crawl's plan and progress while `run(on_event)` (a library call) crawls, then what it stored.

    The exit code of its snapshot; 0 when the replay of `reading` found that capture stored already."""
    from casco_watch.runner.crawl_progress import CrawlDisplay

    with CrawlDisplay(live=False if verbose else None, plans=True) as display:
        try:
            outcome = run(display.on_event)
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption, db_path)
        except CrawlError as error:
            display.close()
            fail(str(error) + spool_note(db_path))
    if outcome.skipped:
        click.echo(f"Skipped {shown_path(reading)}: the same capture as of {outcome.snapshot.as_of} is "
                   f"already stored as snapshot {outcome.snapshot.snapshot_id} in {shown_path(db_path)}; "
                   "nothing new was stored.")
        return 0
    print_outcome(outcome)
    if notify_url:
        notify_after_crawl(outcome.snapshot, db_path, notify_url)
    return outcome.exit_code
