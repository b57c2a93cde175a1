"""`casco import-opendata FILE...`: many ISO Open Data dumps into one database, oldest first.

ISO keeps no history of its dataset, so a history is rebuilt from dumps kept
over time. Each dump becomes its own snapshot, dated by its file name (or an
explicit as-of), and they are stored in date order whatever order they were
given in, so that "the previous snapshot" always means the previous day ISO
published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from casco_watch.crawl_job import Crawl, CrawlError, CrawlOutcome, run_crawls
from casco_watch.parsers.opendata import dataset_date


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
    if len(dumps) == 1:
        return dumps
    if undated := [str(dump.path) for dump in dumps if dump.as_of is None]:
        raise ImportOrderError(
            f"cannot tell the date of {', '.join(undated)}: put it in the file name "
            "(iso_technical_committees-YYYY-MM-DD.jsonl.gz), or import that file alone with --as-of"
        )
    by_date: dict[dt.date, list[str]] = {}
    for dump in dumps:
        by_date.setdefault(dump.as_of, []).append(str(dump.path))
    if clashes := {day: names for day, names in by_date.items() if len(names) > 1}:
        day, names = min(clashes.items())
        raise ImportOrderError(f"{len(names)} dumps are dated {day}: {', '.join(names)}; import only one of them")
    return sorted(dumps, key=lambda dump: dump.as_of)


def _summary(outcome: CrawlOutcome) -> str:
    records = sum(outcome.records.values())
    rejected = sum(outcome.rejected.values())
    return (
        f"snapshot {outcome.snapshot_id} as of {outcome.as_of}: {outcome.status}, "
        f"{records:,} records, {rejected:,} rejected"
    )


def import_datasets(
    files: Iterable[str | Path],
    db_path: Path | str,
    *,
    as_of: dt.date | None = None,
    settings: dict[str, object] | None = None,
    console: Console | None = None,
) -> list[CrawlOutcome]:
    """Store each dump as one snapshot, oldest first, with a progress display; the outcomes in that order.

    All dumps are crawled by one child process, which pays Scrapy's start-up
    once. A partial or failed snapshot does not stop the import (each dump
    stands alone); a crawl that stores nothing raises CrawlError naming the
    dump, the earlier dumps staying stored.
    """
    dumps = dated_dumps(files, as_of)
    console = console or Console(stderr=True)
    crawls = [
        Crawl("opendata", {"dataset": str(dump.path), "as_of": dump.as_of.isoformat() if dump.as_of else None})
        for dump in dumps
    ]
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"Importing {dumps[0].path.name}", total=len(dumps))

        def imported(outcome: CrawlOutcome) -> None:
            done = int(progress.tasks[0].completed)
            progress.console.print(f"{dumps[done].path.name} → {_summary(outcome)}", soft_wrap=True)
            progress.advance(task)
            if done + 1 < len(dumps):
                progress.update(task, description=f"Importing {dumps[done + 1].path.name}")

        try:
            outcomes = run_crawls(crawls, db_path, settings, on_outcome=imported)
        except CrawlError as error:
            raise CrawlError(
                f"{dumps[len(error.stored)].path}: {error}\n"
                f"({len(error.stored)} earlier dump(s) of {len(dumps)} are stored)",
                stored=error.stored,
            ) from error
    return outcomes
