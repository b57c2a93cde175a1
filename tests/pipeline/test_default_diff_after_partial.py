"""Complete, then partial, then complete: the default diff and the notifications report every change exactly once.

Built in process from the fixture site's dated states (October, then November) through the library, with each
kind of partial crawl the issue names as the evidence a real crawl of the faulty site would leave.
"""

from __future__ import annotations

import datetime as dt

import pytest

import casco_watch
from casco_watch.publishing.answers import diff_as_text
from casco_watch.fixture_site.site_data import CASCO_ID, STATES
from casco_watch.publishing.notify import changes_since_previous
from casco_watch.pipeline.changes import SECTIONS, diff_snapshots
from casco_watch.pipeline.parts import Part
from casco_watch.schemas import COMMITTEE_KEYED_TABLES, RECORD_TABLES, RECORD_TYPES, LossCause, PageFailure, PageVisit, Reject
from tests.fixture_oracle import expected_records

OCTOBER, NOVEMBER = STATES
PAGES = ("committee", "participation", "member", "organization")
BASE = "http://127.0.0.1:8000"
PARTICIPATION = f"{BASE}/committee/{CASCO_ID}.html?view=participation"


def records(state: str, *leave_out: str) -> list:
    return [RECORD_TYPES[name](**record) for name, rows in expected_records(state).items() if name not in leave_out
            for record in rows]


def visits(*kinds: str) -> list[PageVisit]:
    pages = {"committee": f"{BASE}/committee/{CASCO_ID}.html", "participation": PARTICIPATION}
    return [PageVisit(url=pages[kind], page_kind=kind, subject_id=CASCO_ID) for kind in kinds]


def participation_refused(state):
    lost = PageFailure(url=PARTICIPATION, page_kind="participation", subject_id=CASCO_ID, cause=LossCause.REFUSED,
                       reason="HTTP 403", http_status=403)
    return [*records(state, "Membership", "MemberBody"), *visits("committee"), lost]


def p_table_moved(state):
    observers = [r for r in records(state) if type(r).__name__ != "Membership" or r.status == "O"]
    return [*observers, *visits("committee", "participation")]


def truncated_member_page(state):
    kept = records(state)
    body = next(r for r in kept if type(r).__name__ == "MemberBody")
    lost = PageFailure(url=f"{BASE}/member/{body.member_id}.html", page_kind="member", subject_id=body.member_id,
                       cause=LossCause.CONNECTION_LOST, reason="the response was cut short before its end (truncated)")
    return [*(r for r in kept if r is not body), *visits("committee", "participation"), lost]


def unknown_officer_label(state):
    kept = records(state, "Officer")
    unknown = Reject(record_type="Officer", payload={"committee_id": CASCO_ID, "role": "grand vizier", "name": "X"},
                     errors=["role: Input should be 'chairperson', ..."])
    return [*kept, *visits("committee", "participation"), unknown]


def cut_short(state):
    cut = PageFailure(url=PARTICIPATION, page_kind="participation", subject_id=CASCO_ID, cause=LossCause.TIME_LIMIT,
                      reason="not read: the crawl reached its time limit of 5 s (--max-duration)")
    return [*records(state, "Membership", "MemberBody", "Organization"), *visits("committee"), cut]


PARTIALS = [participation_refused, p_table_moved, truncated_member_page, unknown_officer_label, cut_short]


def store(db, as_of: str, items) -> casco_watch.Snapshot:
    return casco_watch.store_snapshot(
        db, items, source_kind="site", source=BASE, scope="site:casco", as_of=dt.date.fromisoformat(as_of),
        covers=RECORD_TABLES, page_kinds=PAGES, requested_committees=[CASCO_ID],
    ).snapshot


def changes(diff) -> dict[str, list]:
    return {section: diff.sections[section].rows for section in SECTIONS}


def member_bodies(con) -> list:
    return con.execute("SELECT member_id, acronym FROM latest_member_bodies ORDER BY ALL").fetchall()


@pytest.mark.parametrize("partial_crawl", PARTIALS, ids=lambda fault: fault.__name__)
def test_after_a_partial_crawl_the_next_complete_one_reports_every_change_since_each_parts_last_complete_state(
    con, partial_crawl
):
    first = store(con, OCTOBER, [*records(OCTOBER), *visits("committee", "participation")])
    assert first.status == "complete"
    known = member_bodies(con)
    partial = store(con, "2026-10-15", partial_crawl(OCTOBER))
    assert partial.status == "partial"
    assert member_bodies(con) == known
    last = store(con, NOVEMBER, [*records(NOVEMBER), *visits("committee", "participation")])

    default = diff_snapshots(con)
    assert changes(default) == changes(diff_snapshots(con, first.snapshot_id, last.snapshot_id))
    assert changes_since_previous(con, last) == default
    summary = default.summary()
    assert (summary["memberships_left"], summary["status_changed"], summary["officers_changed"],
            summary["liaisons_removed"]) == (2, 2, 1, 2)
    held_back = {Part.of(p) for p in partial.parts if p.status != "complete"}
    assert {c.part for c in default.comparisons if c.from_id == first.snapshot_id} == held_back
    assert {c.part for c in default.comparisons if c.from_id == partial.snapshot_id} == set(default.compared) - held_back


@pytest.mark.parametrize("partial_crawl", PARTIALS, ids=lambda fault: fault.__name__)
def test_the_partial_crawls_notification_and_the_next_ones_together_report_each_change_once(con, partial_crawl):
    first = store(con, OCTOBER, [*records(OCTOBER), *visits("committee", "participation")])
    partial = store(con, "2026-10-15", partial_crawl(NOVEMBER))
    sent_then = changes_since_previous(con, partial)
    last = store(con, NOVEMBER, [*records(NOVEMBER), *visits("committee", "participation")])
    sent_now = changes_since_previous(con, last)

    everything = changes(diff_snapshots(con, first.snapshot_id, last.snapshot_id))
    sent = [changes(diff) for diff in (sent_then, sent_now) if not isinstance(diff, casco_watch.publishing.notify.NothingToSend)]
    assert {section: sorted(row for diff in sent for row in diff[section]) for section in SECTIONS} == everything


def test_the_default_diff_says_which_snapshots_each_part_compares(con):
    store(con, OCTOBER, [*records(OCTOBER), *visits("committee", "participation")])
    store(con, "2026-10-15", participation_refused(OCTOBER))
    store(con, NOVEMBER, [*records(NOVEMBER), *visits("committee", "participation")])

    default = diff_snapshots(con)
    kept_up = sorted(COMMITTEE_KEYED_TABLES - {"memberships"})
    assert {(c["part"], c["from"], c["to"]) for c in default.to_dict()["comparisons"]} == {
        ("member_bodies", 1, 3), (f"memberships:{CASCO_ID}", 1, 3), ("organizations", 2, 3),
        *((f"{table}:{CASCO_ID}", 2, 3) for table in kept_up)}
    since_partial = ", ".join(sorted([*(f"{table} of committee {CASCO_ID}" for table in kept_up), "organizations"]))
    assert (f"compared: snapshot 1 to 3: member_bodies, memberships of committee {CASCO_ID}; "
            f"snapshot 2 to 3: {since_partial}") in diff_as_text(default, "table")
    assert "Compared: snapshot 1 to 3" in diff_as_text(default, "markdown")


def test_the_default_diff_of_one_committee_ends_at_its_own_latest_crawl_not_at_another_committees(con):
    """A crawl of JTC 3 alone also reads member bodies, a table kept whole; CASCO's default diff must still end at
    CASCO's latest crawl, not report "no changes" against a crawl that never read CASCO."""
    store(con, OCTOBER, [*records(OCTOBER), *visits("committee", "participation")])
    last = store(con, NOVEMBER, [*records(NOVEMBER), *visits("committee", "participation")])
    jtc_3 = 10138914
    other = [RECORD_TYPES[name](**row) for name, rows in expected_records(NOVEMBER, (jtc_3,)).items() for row in rows
             if row.get("committee_id", jtc_3) == jtc_3]
    casco_watch.store_snapshot(con, other, source_kind="site", source=BASE, scope="site:jtc3",
                               as_of=dt.date(2026, 11, 2), covers=RECORD_TABLES, page_kinds=PAGES,
                               requested_committees=[jtc_3])

    of_casco = diff_snapshots(con, committee_id=CASCO_ID)

    assert {c.to_id for c in of_casco.comparisons} == {last.snapshot_id}
    assert of_casco.summary()["memberships_left"] == 2
