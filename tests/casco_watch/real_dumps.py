"""Databases built through the library from the real ISO Open Data dumps (../shared/iso-open-data)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

import casco_watch
from tests.conftest import made_once, own_copy_of
from tests.realdata.plain_reading import DUMPS, read_dump, skip_without_dumps


@pytest.fixture(scope="session")
def two_dumps_db(tmp_path_factory) -> Path:
    """The two newest real dumps loaded by `casco_watch.load_opendata`: snapshots 1 and 2, loaded once per test run.
    Read it, never change it."""
    skip_without_dumps()

    def load(folder: Path) -> None:
        for dump in DUMPS[-2:]:
            assert casco_watch.load_opendata(dump, folder / "casco.duckdb").snapshot.status == "complete"

    return made_once(tmp_path_factory, "two-dumps", load) / "casco.duckdb"


@pytest.fixture
def own_copy(two_dumps_db, tmp_path) -> Path:
    """A copy of `two_dumps_db` a test may write to."""
    return own_copy_of(two_dumps_db, tmp_path)


def largest_committee(dump: Path) -> int:
    """The committee with the most members in `dump`."""
    return Counter(committee for committee, _ in read_dump(dump).memberships).most_common(1)[0][0]


def without_members(dump: Path, committee: int, folder: Path) -> Path:
    """`dump` rewritten under its own name in `folder`, with every member of `committee` gone."""
    rewritten = folder / dump.name
    with gzip.open(dump, "rt", encoding="utf-8") as lines, gzip.open(rewritten, "wt", encoding="utf-8") as out:
        for line in lines:
            row = json.loads(line)
            if row["id"] == committee:
                row["pMembers"], row["oMembers"] = [], []
            out.write(json.dumps(row) + "\n")
    return rewritten
