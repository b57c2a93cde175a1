"""Telling someone what changed: a diff sent to a webhook, a mail address or a chat.

Plain http(s) URLs get a JSON POST written here, because a receiver should read
`summary` as the same JSON object `casco diff --format json` prints; apprise's
`json://` would wrap it in apprise's own envelope as text. Every other target
(mailto://, slack://, tgram://, ...) goes through apprise, which keeps the
clients of those services, with the Markdown rendering as the message.

A notification carries changes only: never for the first snapshot of a
series or for a diff without changes. After a crawl, and by default for
`casco notify`, each part of the newest snapshot it holds complete is compared
with that part's last complete state (the default diff, pipeline/changes.py),
so a partial crawl sends the changes of its complete parts and the next
complete crawl those of the rest; two named snapshots are sent only when both
are complete.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import duckdb

from casco_watch.pipeline.changes import Diff, SnapshotChoiceError, diff_snapshots
from casco_watch.publishing.answers import diff_as_text
from casco_watch.publishing.rendering import to_json
from casco_watch.schemas import Snapshot, SnapshotStatus

WEBHOOK_SCHEMES = ("http", "https")
TIMEOUT = 30


class NotifyError(Exception):
    """The notification could not be delivered; the message says where and why, never the URL's secrets."""


@dataclass(frozen=True)
class NothingToSend:
    """Why no notification goes out."""

    reason: str


@dataclass(frozen=True)
class Notification:
    """What a notification did: the changes it sent to `target` (scheme and host only), or why it sent nothing."""

    target: str
    changes: Diff | None = None
    reason: str | None = None

    @property
    def sent(self) -> bool:
        return self.changes is not None


def target_label(url: str) -> str:
    """The URL as it may be printed: scheme and host only, since webhook paths and mail URLs carry tokens.

    A value with no scheme and host is no URL, so it is shown as given: the user must see what was wrong.
    """
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return repr(url)
    return f"{parts.scheme}://{parts.hostname}"


def check_target(url: str) -> str:
    """`url` if a notification can be addressed to it (an http(s) URL with a host, or one apprise knows), else
    NotifyError: checked before a crawl, so a typo costs a second and not a crawl."""
    if urlsplit(url).scheme.lower() in WEBHOOK_SCHEMES:
        if not urlsplit(url).hostname:
            raise NotifyError(f"{target_label(url)} is a webhook URL without a host; give one like https://example.org/hook")
        return url
    import apprise

    if not apprise.Apprise().add(url):
        raise NotifyError(
            f"{target_label(url)} is not a notification URL apprise understands; "
            "see https://github.com/caronc/apprise/wiki for mailto://, slack://, ... or give an http(s) webhook"
        )
    return url


def _incomplete(snapshot: Snapshot) -> NothingToSend:
    return NothingToSend(f"{snapshot.describe()} is not complete; only changes between complete snapshots are sent")


def changes_to_send(changes: Diff) -> Diff | NothingToSend:
    """The diff of two named snapshots if it is worth a notification, else the reason it is not."""
    for snapshot in (changes.before, changes.after):
        if snapshot.status != SnapshotStatus.COMPLETE:
            return _incomplete(snapshot)
    return _changed(changes)


def _changed(changes: Diff) -> Diff | NothingToSend:
    if changes.is_empty():
        return NothingToSend(
            f"nothing changed from snapshot {changes.before.snapshot_id} to snapshot {changes.after.snapshot_id}"
        )
    return changes


def changes_since_previous(con: duckdb.DuckDBPyConnection, stored: Snapshot | None = None) -> Diff | NothingToSend:
    """The default diff (`casco diff`) if it is worth a notification: each part of the newest snapshot, or of
    `stored` (the snapshot a crawl just stored), against that part's last complete state.

    `casco notify` without snapshots and `casco crawl --notify` both send this. A partial crawl sends the changes
    in the parts it holds complete; its other parts are sent by the next crawl that holds them complete,
    compared with their last complete state.
    """
    try:
        changes = diff_snapshots(con)
    except SnapshotChoiceError as error:
        if stored is None:
            return NothingToSend(str(error))
        changes = None
    if stored is not None and (changes is None or changes.after.snapshot_id != stored.snapshot_id):
        if stored.status != SnapshotStatus.COMPLETE:
            return _incomplete(stored)
        return NothingToSend(
            f"snapshot {stored.snapshot_id} is the first complete snapshot of each of its parts (no earlier "
            "snapshot of its source holds any of them complete), so there is nothing to compare it with"
        )
    return _changed(changes)


def deliver(found: Diff | NothingToSend, url: str) -> Notification:
    """Send what was found, or say why nothing goes out; NotifyError when the sending failed."""
    if isinstance(found, NothingToSend):
        return Notification(target_label(url), reason=found.reason)
    send(found, url)
    return Notification(target_label(url), changes=found)


def message(changes: Diff) -> dict:
    """The JSON body: the two snapshots, warnings and `summary` as in `casco diff --format json`, and Markdown."""
    whole = changes.to_dict()
    return {
        "from": whole["from"],
        "to": whole["to"],
        "warnings": whole["warnings"],
        "summary": whole["summary"],
        "markdown": diff_as_text(changes, "markdown"),
    }


def title(changes: Diff) -> str:
    counted = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in changes.summary().items() if count)
    return f"casco-watch: changes from {changes.before.as_of} to {changes.after.as_of} ({counted})"


def send(changes: Diff, url: str) -> None:
    """Deliver one notification of `changes` to `url`; NotifyError if it did not arrive."""
    if urlsplit(url).scheme.lower() in WEBHOOK_SCHEMES:
        _post_json(url, message(changes))
    else:
        _send_with_apprise(url, title(changes), message(changes)["markdown"])


def _post_json(url: str, body: dict) -> None:
    request = urllib.request.Request(
        url, data=to_json(body).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):
            pass
    except urllib.error.HTTPError as error:
        raise NotifyError(f"the webhook at {target_label(url)} answered HTTP {error.code}") from error
    except OSError as error:
        reason = getattr(error, "reason", error)
        raise NotifyError(f"cannot reach the webhook at {target_label(url)}: {reason}") from error


def _send_with_apprise(url: str, subject: str, markdown: str) -> None:
    import apprise

    notifier = apprise.Apprise()
    notifier.add(check_target(url))
    if not notifier.notify(title=subject, body=markdown, body_format=apprise.NotifyFormat.MARKDOWN):
        raise NotifyError(f"apprise could not deliver the notification to {target_label(url)} (its log says why)")

