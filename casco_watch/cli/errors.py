"""How a command says what went wrong: one `casco: ...` line on stderr and the exit code for it (exit_codes.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from casco_watch.exit_codes import EXIT_ERROR
from casco_watch.library.opendata import DatasetError
from casco_watch.pipeline.catalog import ExportError
from casco_watch.pipeline.changes import SnapshotChoiceError
from casco_watch.pipeline.commit import FutureDateError
from casco_watch.pipeline.history import HistoryLookupError
from casco_watch.pipeline.plausibility import AcceptError
from casco_watch.pipeline.reconcile import ReconcileError
from casco_watch.pipeline.store import DatabaseError

USER_ERRORS = (DatabaseError, SnapshotChoiceError, HistoryLookupError, ExportError, ReconcileError, AcceptError,
               DatasetError, FutureDateError)
"""The library's errors a user can act on: their messages say what to do."""


def fail(message: str) -> NoReturn:
    click.echo(f"casco: {message}", err=True)
    sys.exit(EXIT_ERROR)


@contextmanager
def said_as_one_line(note: str = "") -> Iterator[None]:
    """A user error raised in the block is its message (and `note`) on one line, exit 1."""
    try:
        yield
    except USER_ERRORS as error:
        fail(str(error) + note)
