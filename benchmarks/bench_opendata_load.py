"""How long one ISO Open Data dump takes to load, against DuckDB reading the same file by itself.

Baselines, measured in the same run:
- in-process: DuckDB's `read_json` of the file into a table in a fresh database file, the least any loader
  of this file can cost here;
- whole process: a fresh `python -c` that imports duckdb and does the same, the least a command can cost.
Measured against them:
- validation alone: `parse_dataset` over the file;
- `casco_watch.load_opendata`: parse, validate, judge and store, in this process;
- `casco import-opendata DUMP`: the whole command, a fresh process (median of --repeat runs), which issue 16
  asks to keep within 3x of the whole-process baseline (4.6x on 2026-11-29; ~4.5-5x of CPU on 2026-12-03;
  4.0x wall, 4.1x CPU on 2026-12-04 once the console script keeps NumPy out). Its
  stderr is a pipe here, so it runs without rich's progress bar, which a terminal adds (~0.1 s);
- the crawl job: `scrapy crawl opendata` through `casco_watch.runner.crawl_job` (a child process running Scrapy),
  which is what URLs still go through.

Processes are timed by wall clock and by CPU time (user + system, from the children's rusage): on a machine
shared with other jobs the CPU times move less with the load, though DuckDB's read_json uses several threads.

Usage: python benchmarks/bench_opendata_load.py [DUMP] [--repeat N]
(default: the newest dump in ../shared/iso-open-data)
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

import casco_watch
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.parsers.opendata import parse_dataset

REPO = Path(__file__).resolve().parents[1]
DUMPS = REPO.parent / "shared" / "iso-open-data"
TARGET_RATIO = 3.0
READ_JSON = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[2]); "
    "con.execute(\"CREATE TABLE committees_raw AS SELECT * FROM read_json(?, format = 'newline_delimited')\", [sys.argv[1]])"
)


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_process_time(command: list[str], repeat: int, fresh_db) -> tuple[float, float]:
    """Median wall time and median CPU time of `command + [a fresh database path]` as a new process."""
    times, cpu = [], []
    for number in range(repeat):
        cpu_before = children_cpu()
        elapsed, completed = timed(lambda: subprocess.run([*command, str(fresh_db(number))], capture_output=True))
        if completed.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {completed.stderr.decode()[-500:]}")
        times.append(elapsed)
        cpu.append(children_cpu() - cpu_before)
    return statistics.median(times), statistics.median(cpu)


def main(dump: Path, repeat: int) -> None:
    body = dump.read_bytes()
    with tempfile.TemporaryDirectory(prefix="casco-bench-") as scratch:
        scratch = Path(scratch)

        def in_scratch(prefix):
            return lambda number: scratch / f"{prefix}-{number}.duckdb"

        baseline, _ = timed(lambda: duckdb.connect(str(scratch / "baseline.duckdb")).execute(
            "CREATE TABLE committees_raw AS SELECT * FROM read_json(?, format = 'newline_delimited')", [str(dump)]))
        validation, records = timed(lambda: sum(1 for _ in parse_dataset(body, str(dump))))
        loaded, snapshot = timed(lambda: casco_watch.load_opendata(dump, scratch / "library.duckdb").snapshot)
        process_baseline, baseline_cpu = median_process_time([sys.executable, "-c", READ_JSON, str(dump)], repeat, in_scratch("raw"))
        casco = str(Path(sys.executable).with_name("casco"))
        command, command_cpu = median_process_time([casco, "import-opendata", str(dump), "--db"], repeat, in_scratch("cli"))
        crawl, outcome = timed(lambda: run_crawl(CrawlRequest(scratch / "crawl.duckdb", "opendata", {"dataset": dump.as_uri()})))

    ratio = command / process_baseline
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"{dump.name}: {records:,} records parsed, {sum(snapshot.records.values()):,} stored, snapshot {snapshot.status}")
    print(f"  in process: DuckDB read_json baseline          {baseline:7.3f} s")
    print(f"  validation alone (parse_dataset)              {validation:7.3f} s  {validation / baseline:6.1f}x")
    print(f"  casco_watch.load_opendata                     {loaded:7.3f} s  {loaded / baseline:6.1f}x")
    print(f"  whole process: python + read_json (median {repeat}) {process_baseline:7.3f} s"
          f"  (CPU {baseline_cpu:.3f} s)")
    print(f"  casco import-opendata DUMP (median {repeat})       {command:7.3f} s  {ratio:6.1f}x"
          f"  (target <= {TARGET_RATIO:g}x: {verdict}; CPU {command_cpu:.3f} s, {command_cpu / baseline_cpu:.1f}x)")
    print(f"  crawl job (Scrapy child process, file:// URL) {crawl:7.3f} s  {crawl / process_baseline:6.1f}x;"
          f" snapshot {outcome.snapshot.status}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", type=Path, default=(sorted(DUMPS.glob("iso_technical_committees-*.jsonl.gz")) or [None])[-1])
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    if arguments.dump is None:
        raise SystemExit(f"no dump given and none in {DUMPS}")
    main(arguments.dump, arguments.repeat)
