"""`casco import-opendata FILE...`: many ISO Open Data dumps into one database, oldest first.

ISO keeps no history of its dataset, so a history is rebuilt from dumps kept
over time. Each dump becomes its own snapshot, dated by its file name (or an
explicit as-of), and they are stored in date order whatever order they were
given in, so that "the previous snapshot" always means the previous day ISO
published. Local files are loaded in this process by `casco_watch.load_opendata`;
no Scrapy is started. A dump already stored for its day (same bytes) is skipped,
so running the same import again stores only what is new.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casco_watch.library.opendata import load_opendata, local_dump
from casco_watch.parsers.opendata import dataset_as_of
from casco_watch.pipeline.commit import Committed, FutureDateError, SnapshotSpooled, refuse_future_date
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT
from casco_watch.publishing.answers import suspect_lines

if TYPE_CHECKING:
    from rich.console import Console


class ImportOrderError(ValueError):
    """The dumps cannot be put in date order; the message says what to do."""


class ImportInterrupted(Exception):
    """SIGINT during an import: the dumps stored before it stay stored; the rest were not."""

    def __init__(self, stored: list[Committed], not_stored: list[Path]):
        super().__init__(f"interrupted after {len(stored)} dump(s); {len(not_stored)} not stored")
        self.stored = stored
        self.not_stored = not_stored


@dataclass(frozen=True)
class DatedDump:
    path: Path
    as_of: dt.date | None


def dated_dumps(files: Iterable[str | Path], as_of: dt.date | None = None) -> list[DatedDump]:
    """The dumps, oldest first, each with the date its snapshot will carry; refuses what cannot be ordered."""
    paths = [local_dump(file) for file in files]
    if not paths:
        raise ImportOrderError("give at least one dump file")
    if as_of is not None:
        if len(paths) > 1:
            raise ImportOrderError(
                "--as-of dates a single dump; give one file, or name several by date "
                "(iso_technical_committees-YYYY-MM-DD.jsonl.gz) and leave out --as-of"
            )
        return [DatedDump(paths[0], as_of)]
    dumps = [DatedDump(path, dataset_as_of(str(path), None, None)[0]) for path in paths]
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
    for dump in dumps:
        try:
            refuse_future_date(dump.as_of)
        except FutureDateError as error:
            raise ImportOrderError(f"{dump.path}: {error}") from error
    return sorted(dumps, key=lambda dump: dump.as_of)


def _summary(stored: Committed, db_path: Path | str) -> str:
    snapshot = stored.snapshot
    if stored.skipped:
        return f"skipped: the same content as of {snapshot.as_of} is already stored as snapshot {snapshot.snapshot_id}"
    records = sum(snapshot.records.values())
    rejected = sum(snapshot.rejected.values())
    return (
        f"snapshot {snapshot.snapshot_id} as of {snapshot.as_of}: {snapshot.status}, "
        f"{records:,} records, {rejected:,} rejected"
    ) + "".join(f"\n  - {reason}" for reason in snapshot.reasons) + "".join(
        f"\n{line}" for line in suspect_lines(snapshot, db_path))


class _ImportDisplay:
    """What an import says on stderr: one line per dump stored, and on a terminal (or a `console` given) a
    progress bar; rich is imported only for the bar (its import and refresh thread cost ~0.1 s of CPU)."""

    def __init__(self, total: int, console: Console | None, db_path: Path | str) -> None:
        self.total, self.console, self.db_path = total, console, db_path
        self.progress = None

    def __enter__(self) -> _ImportDisplay:
        if self.console is None and not sys.stderr.isatty():
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        self.progress = Progress(*columns, console=self.console or Console(stderr=True), transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task("Importing", total=self.total)
        return self

    def __exit__(self, *exception) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exception)

    def reading(self, dump: DatedDump) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=f"Importing {dump.path.name}")

    def stored(self, dump: DatedDump, stored: Committed) -> None:
        line = f"{dump.path.name} → {_summary(stored, self.db_path)}"
        if self.progress is None:
            print(line, file=sys.stderr, flush=True)
            return
        self.progress.console.print(line, soft_wrap=True)
        self.progress.advance(self.task)


def import_datasets(
    files: Iterable[str | Path],
    db_path: Path | str,
    *,
    as_of: dt.date | None = None,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
    console: Console | None = None,
) -> list[Committed]:
    """Store each dump as one snapshot, oldest first, saying each on stderr (with a progress bar on a terminal);
    what each became, in that order.

    A partial or failed snapshot does not stop the import: each dump stands alone.
    A database that stays in use does: the dump waits in the spool, later ones are not read.
    SIGINT does too: ImportInterrupted says which dumps were stored (each in its own transaction) and which not.
    """
    dumps = dated_dumps(files, as_of)
    stored = []
    try:
        with _ImportDisplay(len(dumps), console, db_path) as display:
            for dump in dumps:
                display.reading(dump)
                try:
                    stored.append(load_opendata(dump.path, db_path, dump.as_of, lock_timeout=lock_timeout, max_vanish=max_vanish))
                except SnapshotSpooled as error:
                    if later := len(dumps) - len(stored) - 1:
                        raise SnapshotSpooled(
                            f"{error}. {later} later dump(s) were not read: run the same import again "
                            "(dumps already stored are skipped)",
                            error.holder,
                        ) from error
                    raise
                display.stored(dump, stored[-1])
    except KeyboardInterrupt:
        raise ImportInterrupted(stored, [dump.path for dump in dumps[len(stored):]]) from None
    return stored
