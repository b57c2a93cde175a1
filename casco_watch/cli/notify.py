"""`casco notify` and `casco crawl --notify`: send a diff to a webhook, a mail address or a chat.

`casco notify` exits 0 when it sent the diff or had nothing to send (it says
why: a first snapshot included, as after `crawl --notify`), 1 when it could not
deliver or the snapshots it was given cannot be compared, 2 for a URL nothing
can be sent to (checked, like `crawl --notify`'s, before anything runs). After a
crawl, a failed notification is one line on stderr and never changes the
crawl's exit code, which tells how complete the stored snapshot is.
"""

from __future__ import annotations

from pathlib import Path

import click

from casco_watch.cli.errors import fail, said_as_one_line
from casco_watch.cli.options import SNAPSHOT_ID, db_option, lock_timeout_option
from casco_watch.library import publishing
from casco_watch.pipeline.store import DatabaseError
from casco_watch.publishing.answers import notification_text
from casco_watch.publishing.notify import Notification, NotifyError, check_target
from casco_watch.schemas import Snapshot


def notification_url(ctx, param, url: str | None) -> str | None:
    """--to / --notify: a usage error (exit 2) before anything runs when no notification can go to `url`."""
    if url is None:
        return None
    try:
        return check_target(url)
    except NotifyError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def optional_notification_url(ctx, param, url: str | None) -> str | None:
    """`crawl --notify`: as `notification_url`, but an empty value sends nothing, as an unset
    `$CASCO_NOTIFY_URL` in the crontab line of docs/scheduling.md gives."""
    return notification_url(ctx, param, url or None)


def say(notification: Notification) -> None:
    click.echo(notification_text(notification.target, notification.changes, notification.reason))


def notify_after_crawl(stored: Snapshot, db_path: Path, url: str) -> None:
    """After `casco crawl --notify URL`: report a failure on stderr, and leave the crawl's outcome alone."""
    try:
        say(publishing.notify_stored(db_path, url, stored))
    except (NotifyError, DatabaseError) as error:
        click.echo(f"casco: notification failed (the snapshot is stored all the same): {error}", err=True)


@click.command()
@click.argument("from_id", metavar="[FROM]", type=SNAPSHOT_ID, required=False)
@click.argument("to_id", metavar="[TO]", type=SNAPSHOT_ID, required=False)
@click.option("--to", "url", required=True, metavar="URL", callback=notification_url,
              help="http(s) webhook (gets JSON), or any apprise URL: mailto://, slack://, ...")
@db_option
@lock_timeout_option(writes=False)
def notify(from_id, to_id, url, db_path, lock_timeout):
    """Send the changes between two snapshots (default: what `casco diff` shows, as `crawl --notify` does) to URL.

    A webhook gets a JSON POST with `from`, `to`, `warnings`, `summary` (as in `casco diff --format json`) and
    `markdown`; other targets get the Markdown. Nothing is sent when nothing changed or one of two named
    snapshots is not complete; by default each part is compared with its last complete state.
    """
    try:
        with said_as_one_line():
            say(publishing.notify(db_path, url, from_id, to_id, lock_timeout=lock_timeout))
    except NotifyError as error:
        fail(f"notification failed: {error}")
