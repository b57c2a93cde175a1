"""Peak memory of `casco query --format csv|json` on a few-million-row result, streamed against held whole.

Each measurement is one child process, whose peak resident memory (ru_maxrss) is read when it ends:
- baseline, in the same run: the way `casco query` answered before it streamed, every row fetched with
  `fetchall()` and rendered by `casco_watch.publishing.rendering.render_rows` in one piece;
- `casco query` itself, which fetches and writes rows 10,000 at a time.
The query makes its rows with `range()` against an empty casco-watch database, so no data set is needed.

Usage: python benchmarks/bench_query_memory.py [--rows 3000000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from casco_watch.pipeline.store import open_database

SQL = "SELECT i AS committee_id, i % 200 AS member_id, 'P' AS status, 'member body ' || i AS label FROM range({rows}) t(i)"

HELD_WHOLE = """
import sys
from casco_watch.publishing.rendering import render_rows
from casco_watch.pipeline.store import open_database
db, sql, fmt = sys.argv[1:]
with open_database(db, read_only=True) as con:
    result = con.execute(sql)
    columns = [column[0] for column in result.description]
    sys.stdout.write(render_rows(columns, result.fetchall(), fmt) + "\\n")
"""


def peak_mib(command: list[str]) -> tuple[float, float]:
    """Peak resident memory (MiB) and seconds of one child process whose output is discarded."""
    started = time.perf_counter()
    measure = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    kib = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True, check=True).stdout
    return int(kib) / 1024, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    rows = parser.parse_args().rows
    casco = shutil.which("casco", path=str(Path(sys.executable).parent)) or "casco"
    sql = SQL.format(rows=rows)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "casco.duckdb"
        open_database(db).close()
        print(f"{rows:,} rows, peak resident memory of one process (ru_maxrss), output discarded")
        for fmt in ("csv", "json"):
            held, held_seconds = peak_mib([sys.executable, "-c", HELD_WHOLE, str(db), sql, fmt])
            streamed, streamed_seconds = peak_mib([casco, "query", sql, "--db", str(db), "--format", fmt])
            print(f"  {fmt:4}  held whole (before) {held:7.0f} MiB {held_seconds:6.1f} s   "
                  f"streamed (casco query) {streamed:6.0f} MiB {streamed_seconds:6.1f} s   "
                  f"memory ratio {held / streamed:5.1f}x less")


if __name__ == "__main__":
    main()
