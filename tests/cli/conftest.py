"""A small database for the CLI tests: two snapshots, three memberships."""

import pytest

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import open_database, write_snapshot
from tests.pipeline.test_store import memberships, snapshot_row


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "casco.duckdb"
    with open_database(path) as con:
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619, 2064)}))
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188, status="O")}))
    return path
