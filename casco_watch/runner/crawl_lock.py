"""One writing command at a time per database: `casco crawl`, `import-opendata` and `demo` take turns.

DuckDB's own lock only covers the moment of a commit, so two crawls started
together would both run and interleave their snapshots. The command holds an
exclusive flock on `<database>.crawl-lock` beside the file for as long as it
runs; a second one waits for it, then runs. The kernel drops an flock when its
process dies, so a killed crawl never leaves a lock behind. Once it has its
turn, a command first commits what earlier commands left in the spool.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casco_watch.pipeline import spool
from casco_watch.pipeline.commit import commit_pending
from casco_watch.pipeline.store import DatabaseInUse

logger = logging.getLogger(__name__)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".crawl-lock")


@contextmanager
def _flock(db_path: Path) -> Iterator[None]:
    """Hold the exclusive flock of `db_path`, waiting for whoever holds it; the lock file names the holder."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 4096, 0).decode(errors="replace").strip() or "another process"
            logger.warning("waiting for the command already writing to %s to finish (%s)", db_path, holder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"PID {os.getpid()}: {' '.join(sys.argv)}".encode(), 0)
        yield
    finally:
        os.close(descriptor)


def _commit_spooled(db_path: Path) -> None:
    """Bring in what earlier commands left in the spool, if the file is free now; else it goes in with ours."""
    waiting = spool.pending(db_path)
    if not waiting:
        return
    try:
        commit_pending(db_path, lock_timeout=0)
    except DatabaseInUse:
        logger.warning(
            "%d spooled snapshot(s) still wait for %s, which is in use; they are committed before this command's own",
            len(waiting), db_path,
        )


@contextmanager
def writing_turn(db_path: Path) -> Iterator[None]:
    """This command's turn to write `db_path`: no other casco crawl or import runs on it until the block ends."""
    with _flock(db_path):
        _commit_spooled(db_path)
        yield
