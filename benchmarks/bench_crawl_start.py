"""What a crawl costs before its first request and after its last, and what opening the database costs.

Every `casco crawl` starts a child process (casco_watch/runner/crawl_job.py); the test suite runs about 100.
Measured here, each against a baseline taken in the same run, so figures from a busy machine still compare:

- the child's start: rounds of `python -P -c pass`, `python -P -c "import scrapy.crawler"` (started as the
  child is), then a crawl of the fixture site (ISO/CASCO, 211 pages, on 127.0.0.1) through `run_crawls`, timed
  from the call to the child's `Started` event (Scrapy's "Spider opened") and to the first request reaching
  the server, with the child's CPU seconds by then (Linux /proc); then the store (`Storing` to `Stored`, with
  the child's CPU seconds between the two events as the parent receives them), the child's exit (`Stored`
  until `run_crawls` returns) and the whole crawl; `--committee` crawls one committee of the site instead
  (the test suite's small committee, 10138914, is 5 pages);
- a writing open (and close) of a current database holding one crawl's snapshot, against a bare
  `duckdb.connect` of the same file, and the creation of a new database against a bare `duckdb.connect` of a
  new file, the four in turn.

Each figure is a median; CPU seconds are less disturbed than wall by other work on the machine.
Usage: python benchmarks/bench_crawl_start.py [--crawls 5] [--opens 20] [--committee ID]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureHandler, FixtureSite, fixture_pages
from casco_watch.pipeline.store import open_database
from casco_watch.runner.crawl_events import Started, Stored, Storing
from casco_watch.runner.crawl_job import run_crawls
from casco_watch.runner.crawl_request import site_crawl

_TICK = os.sysconf("SC_CLK_TCK")
PASS, SCRAPY = "python -P -c pass", "python -P -c 'import scrapy.crawler'"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _running_child_cpu() -> float | None:
    """CPU seconds so far of this process's one running child (Linux /proc), None if there is none."""
    pids = [pid for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()]
    if not pids:
        return None
    fields = Path(f"/proc/{pids[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


class _FirstRequest(FixtureHandler):
    """Notes when the first request of a crawl arrives, and the crawling child's CPU seconds by then."""

    def do_GET(self) -> None:
        site = self.server.site
        if site.first_request is None:
            site.first_request = (time.perf_counter(), _running_child_cpu())
        super().do_GET()


class _TimedSite(FixtureSite):
    handler = _FirstRequest
    first_request: tuple[float, float | None] | None = None


def process_baseline(code: str) -> tuple[float, float]:
    """Wall and CPU seconds of `python -P -c CODE`, started as the crawl child is."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-P", "-c", code], check=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def timed_crawl(
    site: _TimedSite, db: Path, state: str, committees: tuple[int, ...]
) -> dict[str, tuple[float, float | None]]:
    """One crawl of the site into `db`: (wall, CPU) seconds of each stage; the child's CPU where it is known."""
    seen: dict[str, tuple[float, float | None]] = {}
    site.first_request = None
    request = site_crawl(db, committees=committees, base_url=site.base_url, as_of=state, delay=0,
                         settings={"CASCO_RETRY_BACKOFF_BASE": 0.01})
    cpu, started = _children_cpu(), time.perf_counter()
    run_crawls([request], on_event=lambda event: seen.setdefault(
        type(event).__name__, (time.perf_counter(), _running_child_cpu())))
    ended = time.perf_counter()
    first_at, first_cpu = site.first_request
    (storing_at, storing_cpu), (stored_at, stored_cpu) = seen[Storing.__name__], seen[Stored.__name__]
    return {
        "crawl child to Spider opened": (seen[Started.__name__][0] - started, None),
        "crawl child to its first request": (first_at - started, first_cpu),
        "store (Storing to Stored)": (stored_at - storing_at, stored_cpu - storing_cpu),
        "child's exit (Stored to return)": (ended - stored_at, None),
        "whole crawl (CPU: the child's)": (ended - started, _children_cpu() - cpu),
    }


def alternating(runs: int, **actions) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each action, called in turn `runs` times, so a change of load hits all alike."""
    seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            cpu, started = time.process_time(), time.perf_counter()
            action()
            seconds[name].append((time.perf_counter() - started, time.process_time() - cpu))
    return {name: _medians(pairs) for name, pairs in seconds.items()}


def _medians(pairs):
    """The median of each column of (wall, CPU) pairs; None where a column is unknown."""
    return tuple(None if None in column else statistics.median(column) for column in zip(*pairs))


def open_close(path: Path) -> None:
    open_database(path).close()


def bare_connect(path: Path) -> None:
    duckdb.connect(str(path)).close()


def _line(label: str, wall: float, cpu: float | None, versus: str = "") -> str:
    line = f"  {label:<40} {wall:7.3f} s wall  " + (f"{cpu:6.3f} s CPU" if cpu is not None else "")
    return (line + versus).rstrip()


def main(crawls: int, opens: int, committees: tuple[int, ...]) -> None:
    state = FIXTURE_STATES[0]
    fixture_pages(state)
    rounds: list[dict[str, tuple[float, float | None]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-crawl-start-") as scratch, _TimedSite(state) as site:
        scratch = Path(scratch)
        for number in range(crawls):
            rounds.append({PASS: process_baseline("pass"), SCRAPY: process_baseline("import scrapy.crawler"),
                           **timed_crawl(site, scratch / f"{number}.duckdb", state, committees)})
        current, fresh = scratch / "0.duckdb", iter(range(2 * opens))
        store = alternating(opens, connect_current=lambda: bare_connect(current),
                            open_current=lambda: open_close(current),
                            connect_new=lambda: bare_connect(scratch / f"new-{next(fresh)}.duckdb"),
                            create=lambda: open_close(scratch / f"new-{next(fresh)}.duckdb"))

    median = {stage: _medians([stages[stage] for stages in rounds]) for stage in rounds[0]}
    print(f"{sys.executable}, casco_watch from {Path(sys.modules['casco_watch'].__file__).parent.parent}")
    crawled = f"committee {committees[0]}" if committees else "ISO/CASCO (211 pages)"
    print(f"medians of {crawls} rounds, each: the two baselines, then a crawl of {crawled} (127.0.0.1)")
    for stage, (wall, cpu) in median.items():
        versus = "  (baseline)" if stage in (PASS, SCRAPY) else ""
        if stage == "crawl child to its first request":
            versus = (f" = {wall / median[PASS][0]:4.1f}x {PASS} wall, "
                      f"{cpu / median[SCRAPY][1]:4.1f}x {SCRAPY} CPU")
        print(_line(stage, wall, cpu, versus))
    print(f"medians of {opens} rounds, the four in turn")
    for name, label, baseline in (("connect_current", "duckdb.connect + close, current file", None),
                                  ("open_current", "writing open + close, current file", "connect_current"),
                                  ("connect_new", "duckdb.connect + close, new file", None),
                                  ("create", "new database created + closed", "connect_new")):
        wall, cpu = store[name]
        versus = (f" = {wall / store[baseline][0]:4.1f}x wall, {cpu / store[baseline][1]:4.1f}x CPU of the one above"
                  if baseline else "  (baseline)")
        print(_line(label, wall, cpu, versus))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=5)
    parser.add_argument("--opens", type=int, default=20)
    parser.add_argument("--committee", type=int, help="crawl this committee of the site only")
    arguments = parser.parse_args()
    main(arguments.crawls, arguments.opens, (arguments.committee,) if arguments.committee else ())
