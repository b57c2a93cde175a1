"""One definition per concept: every pydantic model that is stored has exactly its table's columns, in order."""

import pytest

from casco_watch.pipeline.store import open_database
from casco_watch.pipeline.catalog import export_targets
from casco_watch.schemas import RECORD_TYPES, STORED_MODELS, PageRow, RejectRow, Snapshot, SnapshotPart


def columns(con, table):
    return [row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]).fetchall()]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with open_database(tmp_path_factory.mktemp("schema") / "casco.duckdb") as connection:
        yield connection


@pytest.mark.parametrize("model", RECORD_TYPES.values(), ids=list(RECORD_TYPES))
def test_each_record_model_has_the_columns_of_its_table(con, model):
    assert columns(con, model.table) == ["snapshot_id", *model.model_fields]


def test_the_snapshot_model_is_the_snapshots_table_and_its_parts_the_parts_table(con):
    assert columns(con, "snapshots") == [name for name in Snapshot.model_fields if name != "parts"]
    assert columns(con, "snapshot_parts") == ["snapshot_id", *SnapshotPart.model_fields]


@pytest.mark.parametrize("model", [PageRow, RejectRow], ids=["pages", "rejects"])
def test_the_page_and_reject_row_models_have_the_columns_of_their_tables(con, model):
    assert columns(con, model.table) == ["snapshot_id", *model.model_fields]


def test_every_table_of_the_database_is_a_stored_model_and_exported(con, tmp_path):
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    kept = {"casco_meta", "part_series"} | {table for table in tables if table.endswith("_periods")}
    assert tables - kept == {model.table for model in STORED_MODELS}
    assert {path.stem for path in export_targets("csv", tmp_path)} == {model.table for model in STORED_MODELS}
