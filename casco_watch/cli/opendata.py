"""`casco import-opendata`: many dated Open Data dumps, one snapshot each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casco_watch.cli.errors import fail
from casco_watch.cli.options import (
    AsOfDate,
    db_option,
    lock_timeout_option,
    max_vanish_option,
    writable_database,
)
from casco_watch.exit_codes import EXIT_BY_STATUS, EXIT_INTERRUPTED
from casco_watch.library.opendata import DatasetError
from casco_watch.pipeline.commit import FutureDateError
from casco_watch.pipeline.store import (
    DatabaseError,
)
from casco_watch.publishing.answers import imported_text
from casco_watch.publishing.rendering import (
    shown_path,
)
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.schemas import SnapshotStatus


def report_import_interruption(stored: list, not_stored: list[Path], db_path: Path) -> None:
    """SIGINT during `import-opendata`: what stays stored, what was not stored and how to finish; exit 130."""
    from casco_watch.cli.outcome import spool_note  # a crawl's outcome module, not loaded for an import otherwise

    kept = [outcome for outcome in stored if not outcome.skipped]
    said = (f"{len(kept)} snapshot(s) stored before it stay in {shown_path(db_path)} "
            f"({', '.join(str(outcome.snapshot.as_of) for outcome in kept)})" if kept else "nothing was stored")
    click.echo(f"casco: interrupted (SIGINT); {said}. Not stored: {len(not_stored)} dump(s) "
               f"({', '.join(Path(path).name for path in not_stored)}); run the same import again to store them "
               "(dumps already stored are skipped)." + spool_note(db_path), err=True)
    sys.exit(EXIT_INTERRUPTED)


@click.command("import-opendata")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=AsOfDate(), help="Date of a single dump whose name has none, up to today.")
@max_vanish_option
@db_option
@lock_timeout_option(writes=True)
def import_opendata(files, as_of, max_vanish, db_path, lock_timeout):
    """Load ISO Open Data dumps as one snapshot each, oldest first (dated by their file names).

    A dump already stored for its day (the same bytes) is skipped, so the same import can be run again.
    """
    from casco_watch.library.opendata_import import (
        ImportInterrupted,
        ImportOrderError,
        import_datasets,
    )

    writable_database(db_path)
    try:
        with writing_turn(db_path):
            outcomes = import_datasets(files, db_path, as_of=as_of, lock_timeout=lock_timeout, max_vanish=max_vanish)
    except (ImportOrderError, DatasetError, DatabaseError, FutureDateError) as error:
        fail(str(error))
    except ImportInterrupted as interruption:
        report_import_interruption(interruption.stored, interruption.not_stored, db_path)
    except KeyboardInterrupt:
        report_import_interruption([], list(files), db_path)
    click.echo(imported_text(outcomes, db_path))
    statuses = {outcome.snapshot.status for outcome in outcomes if not outcome.skipped}
    sys.exit(EXIT_BY_STATUS[next((worst for worst in (SnapshotStatus.FAILED, SnapshotStatus.PARTIAL) if worst in statuses),
                                 SnapshotStatus.COMPLETE)])
