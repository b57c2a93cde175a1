"""`casco demo` replaces its own database and nothing else: any other database is refused, byte for byte untouched."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

import casco_watch
from casco_watch.library.demo import demo_mark
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from tests.dumps import write_dump
from tests.fixture_oracle import SMALL_COMMITTEE


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def real_crawl(casco, db: Path) -> None:
    with FixtureSite(STATES[0]) as site:
        result = casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--db", db, "--delay", 0)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((db.parent / "archive").glob("*.warc.gz"))


def opendata_import(casco, db: Path) -> None:
    result = casco("import-opendata", write_dump(db.parent, "2025-08-06"), "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr


def foreign_duckdb(casco, db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE accounts AS SELECT 1 AS id, 'kept' AS name")


def iso_crawl_beside_a_demo_mark(casco, db: Path) -> None:
    """A demo's mark left beside a database that now holds a crawl of iso.org (the demo's was deleted)."""
    casco_watch.store_snapshot(db, [], source_kind="site", source="https://www.iso.org", scope="site:committees=54998",
                               as_of=dt.date(2026, 11, 1))
    demo_mark(db).write_text("left by an earlier demo\n", encoding="utf-8")


@pytest.mark.parametrize("make", [real_crawl, opendata_import, foreign_duckdb, iso_crawl_beside_a_demo_mark])
def test_the_demo_refuses_a_database_it_did_not_make_and_touches_nothing(casco, tmp_path, make):
    db = tmp_path / "kept.duckdb"
    make(casco, db)
    before = folder_bytes(tmp_path)

    result = casco("demo", "--db", db)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "was not made by `casco demo`" in result.stderr and "left untouched" in result.stderr
    assert folder_bytes(tmp_path) == before

