"""Timelines read from the history views: a member body's seats, a committee's members, a document's stages.

The periods themselves come from `membership_history` (pipeline/sql/history.sql);
this module resolves what the user typed into ids and runs the timeline queries.
"""

from __future__ import annotations

import duckdb

from casco_watch.pipeline.changes import Rows, fetch_rows


class HistoryLookupError(Exception):
    """The member, committee or document asked for is in no snapshot; the message says what to try."""


def committee_ids_by_reference(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every committee reference the database has seen, with its id (Open Data's deliverables name their
    owner committee by reference)."""
    return dict(fetch_rows(con, "committee_references.sql", {}).rows)


def member_ids(con: duckdb.DuckDBPyConnection, member: str) -> Rows:
    """Every id `member` (an acronym, any case, or an id) has named, with the acronyms each id carried:
    an acronym can pass from one member body to another over time."""
    found = fetch_rows(con, "member_ids.sql", {"member": member.strip()})
    if not found.rows:
        raise HistoryLookupError(
            f"no member body has the acronym or id {member!r} in any snapshot; "
            "check the spelling, or look it up: casco query \"FROM member_body_labels\""
        )
    return found


def member_timeline(con: duckdb.DuckDBPyConnection, member: str, committee_id: int | None = None) -> Rows:
    """The seats (committee, status, from, to) of the member bodies `member` names."""
    ids = [member_id for member_id, _ in member_ids(con, member).rows]
    return fetch_rows(con, "history_member.sql", {"member_ids": ids, "committee_id": committee_id})


def committee_timeline(con: duckdb.DuckDBPyConnection, committee_id: int) -> Rows:
    """P and O counts of a committee in each complete snapshot, and the seats changed since the one before."""
    timeline = fetch_rows(con, "history_committee.sql", {"committee_id": committee_id})
    if not timeline.rows:
        raise HistoryLookupError(
            f"committee {committee_id} has no members in any complete snapshot; "
            "check the id (the number in https://www.iso.org/committee/<id>.html)"
        )
    return timeline


def deliverable_timeline(con: duckdb.DuckDBPyConnection, deliverable: str) -> Rows:
    """A document's periods (status, stage, from, to), found by its id or any reference it had."""
    timeline = fetch_rows(con, "history_deliverable.sql", {"deliverable": deliverable.strip()})
    if not timeline.rows:
        raise HistoryLookupError(
            f"no document has the id or reference {deliverable!r} in any complete snapshot; check it (the number in "
            "https://www.iso.org/standard/<id>.html, or a reference such as 'ISO/IEC 17025:2017'), or look it up: "
            "casco query \"SELECT deliverable_id, reference FROM latest_deliverables\""
        )
    return timeline
