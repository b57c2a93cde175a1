"""`accept`: a person confirms a suspect part, so history and diffs use it.

A part is suspect when too many of a committee's members or liaisons (or all its
officers or subgroups) vanished in one crawl (pipeline/plausibility.py); only a
person who has checked iso.org can say they really went.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from casco_watch.pipeline.plausibility import accept_part
from casco_watch.pipeline.series import previous_in_series
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT, open_database, require_database
from casco_watch.schemas import Membership


@dataclass(frozen=True)
class Accepted:
    """The part accepted, and the status of its snapshot afterwards: complete once no other part is wanting."""

    snapshot_id: int
    committee_id: int | None
    table: str
    snapshot_status: str
    compared_with: int | None = None
    """The snapshot the accepted part is now compared with: what it changed since then was in no default diff or
    notification before (a later crawl is compared with this one), so it is to be looked at, or sent, by name."""


def accept(
    db: str | Path,
    snapshot: int,
    committee: int | None,
    table: str = Membership.table,
    *,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
) -> Accepted:
    """`casco accept`: mark the suspect part (`table` of `committee`; None for a whole-table Open Data part) of
    `snapshot` complete, noting today's acceptance, in one transaction.

    AcceptError when that part is not suspect (a partial part lacks data no acceptance can mend);
    DatabaseError when there is no database at `db`.
    """
    require_database(Path(db))
    with open_database(db, lock_timeout=lock_timeout) as con:
        status = accept_part(con, snapshot, committee, table, on=dt.date.today())
        compared_with = previous_in_series(con, snapshot, table, committee)
    return Accepted(snapshot, committee, table, status, compared_with)
