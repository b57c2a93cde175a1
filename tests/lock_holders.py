"""Another process with the database open, as a notebook, a `casco query` or a second crawl would have it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("HELD", flush=True)
time.sleep(float(sys.argv[3]))
"""


@contextmanager
def database_held(db: Path, *, mode: str, seconds: float = 120) -> Iterator[subprocess.Popen]:
    """A child process holding `db` open for reading or writing (`mode`), for `seconds` or until the block ends."""
    child = subprocess.Popen([sys.executable, "-c", _HOLD, str(db), mode, str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "HELD"
        yield child
    finally:
        child.kill()
        child.wait(timeout=30)
