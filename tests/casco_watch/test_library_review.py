"""casco_watch.accept: a suspect part of a real Open Data snapshot confirmed by a person, as a call."""


import pytest

import casco_watch
from tests.casco_watch.real_dumps import largest_committee, without_members
from tests.conftest import own_copy_of
from tests.realdata.plain_reading import DUMPS, read_dump, skip_without_dumps


@pytest.fixture(scope="module")
def suspect(tmp_path_factory):
    """The second newest dump, then the newest with its largest committee emptied: snapshot 2's memberships (a
    whole-table part) are suspect (a committee still listed lost every seat); the committee and its leavers."""
    skip_without_dumps()
    folder = tmp_path_factory.mktemp("suspect")
    db = folder / "casco.duckdb"
    committee = largest_committee(DUMPS[-1])
    casco_watch.load_opendata(DUMPS[-2], db)
    stored = casco_watch.load_opendata(without_members(DUMPS[-1], committee, folder), db).snapshot
    assert stored.status == "partial" and any(part.status == "suspect" for part in stored.parts), stored.reasons
    leavers = {member for owner, member in read_dump(DUMPS[-2]).memberships if owner == committee}
    return db, committee, leavers


@pytest.fixture
def suspect_db(suspect, tmp_path):
    """A copy of the suspect database a test may change."""
    db, committee, leavers = suspect
    return own_copy_of(db, tmp_path), committee, leavers


def test_accepting_the_suspect_part_completes_the_snapshot_and_the_diff_shows_the_leavers(suspect_db):
    db, committee, leavers = suspect_db

    accepted = casco_watch.accept(db, 2, None)

    assert accepted == casco_watch.Accepted(snapshot_id=2, committee_id=None, table="memberships",
                                            snapshot_status="complete", compared_with=1)
    assert casco_watch.snapshots(db)[1].status == "complete"
    left = {row["member_id"] for row in casco_watch.diff(db, 1, 2, committee=committee).sections["memberships"].records()
            if row["change"] == "left"}
    assert left == leavers


def test_a_part_that_is_not_suspect_cannot_be_accepted_and_nothing_changes(suspect_db):
    db, committee, _ = suspect_db
    with pytest.raises(casco_watch.AcceptError, match="casco accept 2"):
        casco_watch.accept(db, 2, committee)
    with pytest.raises(casco_watch.AcceptError, match="there is no snapshot 7"):
        casco_watch.accept(db, 7, None)
    assert casco_watch.snapshots(db)[1].status == "partial"


def test_accept_never_creates_a_database(tmp_path):
    with pytest.raises(casco_watch.DatabaseError, match="no database at"):
        casco_watch.accept(tmp_path / "none.duckdb", 1, None)
    assert not (tmp_path / "none.duckdb").exists()
