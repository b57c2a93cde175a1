"""A small database for the CLI tests: two snapshots, three memberships."""

import pytest

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import write_snapshot
from tests.conftest import database_made_once, own_copy_of
from tests.pipeline.test_store import memberships, snapshot_row


def _two_snapshots(con) -> None:
    write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619, 2064)}))
    write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188, status="O")}))


@pytest.fixture(scope="session")
def small_db_made(tmp_path_factory):
    return database_made_once(tmp_path_factory, "cli-small-db", _two_snapshots)


@pytest.fixture
def db(small_db_made, tmp_path):
    return own_copy_of(small_db_made, tmp_path)
