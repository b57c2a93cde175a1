"""A small database for the CLI tests: two snapshots, three memberships."""

import shutil

import pytest

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import open_database, write_snapshot
from tests.conftest import made_once
from tests.pipeline.test_store import memberships, snapshot_row


@pytest.fixture(scope="session")
def small_db_made(tmp_path_factory):
    """Written once per test run (creating a database and writing two snapshots cost ~0.3 s, and some 80 tests
    use it); each test gets its own copy."""

    def make(folder):
        with open_database(folder / "casco.duckdb") as con:
            write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619, 2064)}))
            write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188, status="O")}))

    return made_once(tmp_path_factory, "cli-small-db", make) / "casco.duckdb"


@pytest.fixture
def db(small_db_made, tmp_path):
    path = tmp_path / "casco.duckdb"
    shutil.copyfile(small_db_made, path)
    return path
