"""`casco notify` and `casco crawl --notify`: send a diff to a webhook, a mail address or a chat.

`casco notify` exits 0 when it sent the diff or had nothing to send (it says
why), 1 when it could not deliver or the snapshots cannot be compared. After a
crawl, a failed notification is one line on stderr and never changes the
crawl's exit code, which tells how complete the stored snapshot is.
"""

from __future__ import annotations

from pathlib import Path

import click

from casco_watch.commands import db_option, lock_timeout_option
from casco_watch.commands.changes import fail, read_database
from casco_watch.notify import NothingToSend, NotifyError, changes_since_previous, changes_to_send, send, target_label
from casco_watch.pipeline.changes import diff_snapshots
from casco_watch.pipeline.store import DatabaseError
from casco_watch.schemas import Snapshot


def deliver(found, url: str) -> None:
    """Send what was found, or say why nothing goes out; NotifyError when the sending failed."""
    if isinstance(found, NothingToSend):
        click.echo(f"Notification: nothing sent, {found.reason}.")
        return
    send(found, url)
    click.echo(
        f"Notification: sent the changes from snapshot {found.before.snapshot_id} "
        f"to snapshot {found.after.snapshot_id} to {target_label(url)}."
    )


def notify_after_crawl(stored: Snapshot, db_path: Path, url: str) -> None:
    """After `casco crawl --notify URL`: report a failure on stderr, and leave the crawl's outcome alone."""
    try:
        deliver(changes_since_previous(db_path, stored), url)
    except (NotifyError, DatabaseError) as error:
        click.echo(f"casco: notification failed (the snapshot is stored all the same): {error}", err=True)


@click.command()
@click.argument("from_id", metavar="[FROM]", type=int, required=False)
@click.argument("to_id", metavar="[TO]", type=int, required=False)
@click.option("--to", "url", required=True, metavar="URL",
              help="http(s) webhook (gets JSON), or any apprise URL: mailto://, slack://, ...")
@db_option
@lock_timeout_option(writes=False)
def notify(from_id, to_id, url, db_path, lock_timeout):
    """Send the changes between two snapshots (default: what `casco diff` shows) to URL.

    A webhook gets a JSON POST with `from`, `to`, `warnings`, `summary` (as in `casco diff --format json`) and
    `markdown`; other targets get the Markdown. Nothing is sent when nothing changed or a snapshot is not complete.
    """
    changes = read_database(db_path, lock_timeout, lambda con: diff_snapshots(con, from_id, to_id))
    try:
        deliver(changes_to_send(changes), url)
    except NotifyError as error:
        fail(f"notification failed: {error}")
