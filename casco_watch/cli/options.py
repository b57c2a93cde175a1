"""The options `casco` commands share, defined once (casco_watch/cli/__init__.py names each command's module).

--db (by default `casco_watch.pipeline.store.default_db`: the CASCO_DB environment variable, else
output/casco.duckdb, as for the library's calls),
--lock-timeout (readers and writers differ only in the default) and the writers' --as-of.
"""

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import click

from casco_watch.pipeline.commit import FutureDateError, refuse_future_date
from casco_watch.pipeline.store import (
    READER_LOCK_TIMEOUT,
    WRITER_LOCK_TIMEOUT,
    DatabaseError,
    NotADatabase,
    default_db,
    refuse_foreign_file,
)
from casco_watch.runner.crawl_options import CrawlArgumentError, check_writable_database
from casco_watch.schemas.records import MAX_ISO_ID


def duckdb_file(ctx, param, path: Path) -> Path:
    """A usage error (exit 2) before anything runs when --db names a file that is not a DuckDB database."""
    try:
        refuse_foreign_file(path)
    except NotADatabase as error:
        raise click.BadParameter(str(error), ctx, param_hint="--db") from None
    except DatabaseError:
        pass
    return path


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_db,
    callback=duckdb_file,
    help="The DuckDB file.  [default: the CASCO_DB environment variable, else output/casco.duckdb]",
)


ISO_ID = click.IntRange(1, MAX_ISO_ID)
"""An ISO committee or member id as an option takes it: positive, and small enough for the store's id columns."""
SNAPSHOT_ID = click.IntRange(1, 2**31 - 1)
"""A snapshot id: the store's snapshot_id columns are INTEGER."""


def lock_timeout_option(writes: bool):
    """--lock-timeout: how long to wait while another process holds the database (docs/locking.md)."""
    if writes:
        default = WRITER_LOCK_TIMEOUT
        doing = "commit the snapshot while another process has the database open; after that it stays in the spool"
    else:
        default = READER_LOCK_TIMEOUT
        doing = "read while another process is writing to the database"
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0),
        default=default,
        show_default=True,
        metavar="SECONDS",
        help=f"Seconds to wait to {doing}.",
    )


class AsOfDate(click.ParamType):
    """A YYYY-MM-DD date that has happened: a snapshot dated in the future would stay "latest" for ever."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"expected a date like 2026-11-27, not {value!r}", param, ctx)
        try:
            refuse_future_date(day)
        except FutureDateError as error:
            self.fail(str(error), param, ctx)
        return day


max_vanish_option = click.option(
    "--max-vanish", type=click.FloatRange(0, 1),
    help="Share of a committee's members, or of its liaisons, that may vanish in one snapshot before they are held "
         "back as suspect (default 0.2).")


@contextmanager
def usage_errors():
    """A crawl argument the library refuses (CrawlArgumentError) as a usage error, exit 2: naming its option
    when it has one, else as a wrong combination of options."""
    try:
        yield
    except CrawlArgumentError as error:
        if error.option is None:
            raise click.UsageError(str(error)) from None
        raise click.BadParameter(str(error), param_hint=error.option) from None


def writable_database(path: Path) -> None:
    """`check_writable_database` for a command: a usage error (exit 2) naming --db."""
    try:
        check_writable_database(path)
    except CrawlArgumentError as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
