"""History views and timelines: periods that rebuild every complete snapshot, and nothing from the others."""

import datetime as dt
import random

import pytest

from casco_watch.pipeline.history import HistoryLookupError, committee_timeline, member_timeline
from casco_watch.pipeline.store import open_database
from casco_watch.schemas.records import Liaison, MemberBody
from tests.pipeline.conftest import seats, store_snapshot
from tests.realdata.plain_reading import DUMPS, read_dump

CASCO = 54998
WEEKS = [dt.date(2025, 1, 6) + dt.timedelta(weeks=week) for week in range(8)]


def rows(con, sql, *parameters):
    return con.execute(sql, list(parameters)).fetchall()


def periods(con, member_id, committee_id=CASCO):
    return rows(
        con,
        "SELECT status, valid_from, valid_to, is_current FROM membership_history "
        "WHERE member_id = ? AND committee_id = ? ORDER BY valid_from",
        member_id, committee_id,
    )


def churned_seats(seed: int, weeks: int):
    """Seat sets for consecutive weeks: members join, leave, come back and switch between P and O."""
    rng = random.Random(seed)
    state = {(committee, member): rng.choice("PO") for committee in (1, 2, 3) for member in range(100, 130)}
    for _ in range(weeks):
        yield dict(state)
        for key in rng.sample(sorted(state), 6):
            del state[key]
        for key in rng.sample([(c, m) for c in (1, 2, 3) for m in range(100, 140) if (c, m) not in state], 6):
            state[key] = rng.choice("PO")
        for key in rng.sample(sorted(state), 4):
            state[key] = "O" if state[key] == "P" else "P"


def as_records(state):
    return [seat for (committee, member), status in state.items() for seat in seats(committee, status, member)]


def test_membership_history_sliced_at_each_snapshot_reproduces_it_exactly(con):
    expected = {}
    for week, (site, opendata) in enumerate(zip(churned_seats(1, 8), churned_seats(2, 8))):
        if week == 3:  # a partial crawl missing most seats must not end them
            store_snapshot(con, WEEKS[week], as_records(dict(list(site.items())[:5])), status="partial")
            continue
        expected[("site", store_snapshot(con, WEEKS[week], as_records(site)))] = site
        expected[("opendata", store_snapshot(con, WEEKS[week], as_records(opendata), source_kind="opendata"))] = opendata
    for (source_kind, snapshot_id), state in expected.items():
        sliced = rows(
            con,
            "SELECT committee_id, member_id, status FROM memberships_as_of("
            "  (SELECT as_of FROM snapshots WHERE snapshot_id = ?)) WHERE source_kind = ?",
            snapshot_id, source_kind,
        )
        assert sorted(sliced) == sorted((c, m, s) for (c, m), s in state.items()), (source_kind, snapshot_id)


def test_a_member_who_leaves_and_returns_gets_two_periods_with_an_explicit_end(con):
    for week, members in enumerate([(1619, 2064), (1619, 2064), (2064,), (1619, 2064)]):
        store_snapshot(con, WEEKS[week], seats(CASCO, "P", *members))
    assert periods(con, 1619) == [
        ("P", WEEKS[0], WEEKS[2], False),
        ("P", WEEKS[3], None, True),
    ]
    assert periods(con, 2064) == [("P", WEEKS[0], None, True)]


def test_a_status_change_ends_one_period_and_starts_another(con):
    for week, status in enumerate("PPOOP"):
        store_snapshot(con, WEEKS[week], seats(CASCO, status, 1619))
    assert periods(con, 1619) == [
        ("P", WEEKS[0], WEEKS[2], False),
        ("O", WEEKS[2], WEEKS[4], False),
        ("P", WEEKS[4], None, True),
    ]


def test_partial_snapshots_and_snapshots_not_covering_memberships_end_nothing(con):
    store_snapshot(con, WEEKS[0], seats(CASCO, "P", 1619))
    store_snapshot(con, WEEKS[1], [], status="partial")
    store_snapshot(con, WEEKS[2], [MemberBody(member_id=1619, acronym="AFNOR")], covers=("member_bodies",))
    store_snapshot(con, WEEKS[3], seats(CASCO, "P", 1619))
    assert periods(con, 1619) == [("P", WEEKS[0], None, True)]


def test_liaison_history_splits_on_category_and_ends_when_the_liaison_goes(con):
    def liaison(category):
        return [Liaison(committee_id=CASCO, partner_kind="organization", partner_id=500, category=category)]

    for week, records in enumerate([liaison("A"), liaison("B"), [], liaison("B")]):
        store_snapshot(con, WEEKS[week], records)
    assert rows(
        con, "SELECT category, valid_from, valid_to, is_current FROM liaison_history ORDER BY valid_from"
    ) == [("A", WEEKS[0], WEEKS[1], False), ("B", WEEKS[1], WEEKS[2], False), ("B", WEEKS[3], None, True)]
    assert rows(con, "SELECT partner_id, category FROM liaisons_as_of(?)", WEEKS[1]) == [(500, "B")]


def test_latest_views_hold_the_latest_complete_snapshot_of_each_series(con):
    store_snapshot(con, WEEKS[0], seats(CASCO, "P", 1619))
    site = store_snapshot(con, WEEKS[1], seats(CASCO, "P", 2064))
    store_snapshot(con, WEEKS[2], seats(CASCO, "P", 2188), status="partial")
    opendata = store_snapshot(con, WEEKS[0], seats(100, "O", 1619), source_kind="opendata", scope="all")
    assert sorted(rows(con, "SELECT snapshot_id, source_kind, member_id, status FROM latest_memberships")) == [
        (site, "site", 2064, "P"), (opendata, "opendata", 1619, "O")]
    assert sorted(rows(con, "SELECT snapshot_id FROM latest_snapshots")) == [(site,), (opendata,)]


def test_members_as_of_a_date_are_labelled_from_the_member_bodies_known_then(con):
    store_snapshot(con, WEEKS[0], [*seats(CASCO, "P", 2188), MemberBody(member_id=2188, acronym="DIN", country="Germany")])
    store_snapshot(con, WEEKS[2], [*seats(CASCO, "O", 2188), MemberBody(member_id=2188, acronym="DIN e.V.")])
    assert rows(con, "SELECT member_id, acronym, country, status FROM members_as_of(?, ?)", CASCO, WEEKS[1]) == [
        (2188, "DIN", "Germany", "P")]
    assert rows(con, "SELECT member_id, acronym, status FROM members_as_of(?, ?)", CASCO, WEEKS[5]) == [
        (2188, "DIN e.V.", "O")]
    assert rows(con, "SELECT * FROM members_as_of(?, ?)", CASCO, dt.date(2024, 1, 1)) == []


def test_a_member_timeline_lists_every_body_an_acronym_named(con):
    store_snapshot(con, WEEKS[0], [*seats(CASCO, "P", 1001), MemberBody(member_id=1001, acronym="XSB")])
    store_snapshot(con, WEEKS[1], [*seats(CASCO, "O", 1002), MemberBody(member_id=1002, acronym="xsb")])
    timeline = member_timeline(con, "XSB")
    assert [(r["member_id"], r["status"], r["valid_from"], r["valid_to"]) for r in timeline.records()] == [
        (1001, "P", WEEKS[0], WEEKS[1]), (1002, "O", WEEKS[1], None)]
    assert [r["member_id"] for r in member_timeline(con, "1002").records()] == [1002]
    assert member_timeline(con, "XSB", committee_id=100).rows == []
    with pytest.raises(HistoryLookupError, match="no member body has the acronym or id 'NOPE'"):
        member_timeline(con, "NOPE")


def test_a_committee_timeline_counts_members_and_the_seats_that_changed(con):
    for week, (p_members, o_members) in enumerate([((1, 2, 3), (4,)), ((1, 2, 4), (3, 5)), ((1, 2, 4), (3, 5))]):
        store_snapshot(con, WEEKS[week], [*seats(CASCO, "P", *p_members), *seats(CASCO, "O", *o_members)])
    columns = ("p_members", "o_members", "joined", "left", "p_to_o", "o_to_p", "seats_changed")
    assert [tuple(r[c] for c in columns) for r in committee_timeline(con, CASCO).records()] == [
        (3, 1, None, None, None, None, None),
        (3, 2, 1, 0, 1, 1, "3 P→O, 4 O→P, +5 O"),
        (3, 2, 0, 0, 0, 0, None),
    ]
    with pytest.raises(HistoryLookupError, match="committee 7 has no members"):
        committee_timeline(con, 7)


def test_membership_history_of_the_real_dumps_reproduces_each_dump_at_its_date(opendata_db):
    with open_database(opendata_db, read_only=True) as con:
        dated = rows(con, "SELECT as_of FROM snapshots ORDER BY as_of")
        assert len(dated) == len(DUMPS)
        for (as_of,), path in zip(dated, DUMPS):
            sliced = rows(con, "SELECT committee_id, member_id, status FROM memberships_as_of(?)", as_of)
            assert sorted(sliced) == sorted((c, m, s) for (c, m), s in read_dump(path).memberships.items()), path.name


def test_of_two_complete_snapshots_on_one_date_the_later_one_is_what_held_that_day(con):
    store_snapshot(con, WEEKS[0], seats(CASCO, "P", 1619, 2064))
    store_snapshot(con, WEEKS[0], seats(CASCO, "P", 2064, 2188))
    assert sorted(rows(con, "SELECT member_id FROM memberships_as_of(?)", WEEKS[0])) == [(2064,), (2188,)]


def test_a_reparse_supersedes_the_snapshot_it_was_derived_from(con):
    store_snapshot(con, WEEKS[0], seats(CASCO, "P", 1619))
    store_snapshot(con, WEEKS[1], seats(CASCO, "P", 1619))
    store_snapshot(con, WEEKS[1], seats(CASCO, "P", 1619, 2064), reparse_of=2)
    assert rows(con, "SELECT snapshot_id, member_id FROM latest_memberships ORDER BY member_id") == [(3, 1619), (3, 2064)]
    assert rows(con, "SELECT member_id, valid_from, first_snapshot_id FROM membership_history ORDER BY member_id") == [
        (1619, WEEKS[0], 1), (2064, WEEKS[1], 3)]


def test_a_partial_reparse_leaves_its_originals_complete_parts_in_force(con):
    tables = ("memberships", "member_bodies")
    store_snapshot(con, WEEKS[0], [*seats(CASCO, "P", 1619), MemberBody(member_id=1619, acronym="SCC")], covers=tables)
    store_snapshot(con, WEEKS[1], [*seats(CASCO, "P", 1619, 2064), MemberBody(member_id=1619, acronym="SCC"),
                                   MemberBody(member_id=2064, acronym="BSI")], covers=tables)
    store_snapshot(con, WEEKS[1], [*seats(CASCO, "P", 1619, 2064), MemberBody(member_id=1619, acronym="SCC")],
                   covers=tables, reparse_of=2, partial_tables=("member_bodies",))
    assert rows(con, "SELECT snapshot_id, member_id FROM latest_member_bodies ORDER BY member_id") == [(2, 1619), (2, 2064)]
    assert rows(con, "SELECT snapshot_id, member_id FROM latest_memberships ORDER BY member_id") == [(3, 1619), (3, 2064)]
    assert rows(con, "SELECT snapshot_id, record_table FROM parts_in_force ORDER BY ALL") == [
        (1, "member_bodies"), (1, "memberships"), (2, "member_bodies"), (3, "memberships")]
