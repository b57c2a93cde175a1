"""`casco import-opendata FILE...`: many ISO Open Data dumps into one database, oldest first.

ISO keeps no history of its dataset, so a history is rebuilt from dumps kept
over time. Each dump becomes its own snapshot, dated by its file name (or an
explicit as-of), and they are stored in date order whatever order they were
given in, so that "the previous snapshot" always means the previous day ISO
published. Local files are loaded in this process by `casco_watch.load_opendata`;
no Scrapy is started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from casco_watch.library import load_opendata
from casco_watch.parsers.opendata import dataset_date
from casco_watch.schemas import Snapshot


class ImportOrderError(ValueError):
    """The dumps cannot be put in date order; the message says what to do."""


@dataclass(frozen=True)
class DatedDump:
    path: Path
    as_of: dt.date | None


def dated_dumps(files: Iterable[str | Path], as_of: dt.date | None = None) -> list[DatedDump]:
    """The dumps, oldest first, each with the date its snapshot will carry; refuses what cannot be ordered."""
    paths = [Path(file) for file in files]
    if not paths:
        raise ImportOrderError("give at least one dump file")
    if missing := [str(path) for path in paths if not path.is_file()]:
        raise ImportOrderError(f"no such file: {', '.join(missing)}")
    if as_of is not None:
        if len(paths) > 1:
            raise ImportOrderError(
                "--as-of dates a single dump; give one file, or name several by date "
                "(iso_technical_committees-YYYY-MM-DD.jsonl.gz) and leave out --as-of"
            )
        return [DatedDump(paths[0], as_of)]
    dumps = [DatedDump(path, dataset_date(str(path))) for path in paths]
    if undated := [str(dump.path) for dump in dumps if dump.as_of is None]:
        raise ImportOrderError(
            f"cannot tell the date of {', '.join(undated)}: put it in the file name "
            "(iso_technical_committees-YYYY-MM-DD.jsonl.gz), or import that file alone with --as-of YYYY-MM-DD"
        )
    by_date: dict[dt.date, list[str]] = {}
    for dump in dumps:
        by_date.setdefault(dump.as_of, []).append(str(dump.path))
    if clashes := {day: names for day, names in by_date.items() if len(names) > 1}:
        day, names = min(clashes.items())
        raise ImportOrderError(f"{len(names)} dumps are dated {day}: {', '.join(names)}; import only one of them")
    return sorted(dumps, key=lambda dump: dump.as_of)


def _summary(snapshot: Snapshot) -> str:
    records = sum(snapshot.records.values())
    rejected = sum(snapshot.rejected.values())
    return (
        f"snapshot {snapshot.snapshot_id} as of {snapshot.as_of}: {snapshot.status}, "
        f"{records:,} records, {rejected:,} rejected"
    )


def import_datasets(
    files: Iterable[str | Path],
    db_path: Path | str,
    *,
    as_of: dt.date | None = None,
    console: Console | None = None,
) -> list[Snapshot]:
    """Store each dump as one snapshot, oldest first, with a progress display; the snapshots in that order.

    A partial or failed snapshot does not stop the import: each dump stands alone.
    """
    dumps = dated_dumps(files, as_of)
    console = console or Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    stored = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Importing", total=len(dumps))
        for dump in dumps:
            progress.update(task, description=f"Importing {dump.path.name}")
            snapshot = load_opendata(dump.path, db_path, as_of=dump.as_of)
            progress.console.print(f"{dump.path.name} → {_summary(snapshot)}", soft_wrap=True)
            progress.advance(task)
            stored.append(snapshot)
    return stored
