"""The spool: finished snapshots kept on disk until the database can take them.

DuckDB lets one process write a file while no other has it open, so a crawl
can finish while someone else is reading. Its snapshot is first written here,
under `spool/<database file name>/` beside the database, one folder per
snapshot: one Parquet file per table and `manifest.json` with the Snapshot.
A folder appears whole (written under a hidden name, then renamed) and names
sort in the order they were spooled, which is the order they are committed in.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.schemas import Snapshot

MANIFEST = "manifest.json"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpoolEntry:
    """One spooled snapshot: its folder and the Snapshot its manifest describes (no tables read yet)."""

    path: Path
    snapshot: Snapshot
    tables: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def load(self) -> CollectedSnapshot:
        import pyarrow.parquet as pq  # imported (~0.03 s) only when spooling: an import into a free file never does

        return CollectedSnapshot(self.snapshot, {table: pq.read_table(self.path / f"{table}.parquet") for table in self.tables})


def spool_dir(db_path: Path) -> Path:
    """Where the snapshots waiting for `db_path` are kept: `spool/<file name>/` beside it."""
    return db_path.parent / "spool" / db_path.name


def _synced(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def spool(db_path: Path, collected: CollectedSnapshot) -> SpoolEntry:
    """Write the snapshot and its tables to the spool of `db_path`, durably, and return the entry."""
    import pyarrow.parquet as pq  # see SpoolEntry.load

    folder = spool_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}"
    scratch = folder / f".{name}.partial"
    scratch.mkdir()
    tables = tuple(collected.tables)
    for table, rows in collected.tables.items():
        pq.write_table(rows, scratch / f"{table}.parquet")
        _synced(scratch / f"{table}.parquet")
    manifest = {"snapshot": collected.snapshot.model_dump(mode="json"), "tables": list(tables)}
    (scratch / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    _synced(scratch / MANIFEST)
    scratch.rename(folder / name)
    _synced(folder)
    return SpoolEntry(folder / name, collected.snapshot, tables)


def pending(db_path: Path) -> list[SpoolEntry]:
    """The snapshots spooled for `db_path` and not committed yet, oldest first."""
    folder = spool_dir(db_path)
    if not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not (path / MANIFEST).is_file():
            continue
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
            entries.append(SpoolEntry(path, Snapshot.model_validate(manifest["snapshot"]), tuple(manifest["tables"])))
        except (OSError, ValueError, KeyError) as error:
            logger.error("cannot read the spooled snapshot %s (%s); it is left there for a person to look at", path, error)
    return entries


def discard(entry: SpoolEntry) -> None:
    """Remove a committed entry: hidden by one rename first, so it is never seen half deleted."""
    hidden = entry.path.with_name(f".{entry.name}.committed")
    entry.path.rename(hidden)
    shutil.rmtree(hidden)
