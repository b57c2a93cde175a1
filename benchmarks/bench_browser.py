"""What the browser route costs: pages per second through Chromium against the plain route, on the fixture site.

Crawls the bundled fixture site (CASCO: 211 pages with its work programme, 164 without) on 127.0.0.1 with the crawl job the CLI uses, in the
same run: the plain route (the baseline), `--browser` on the open site, and `--browser` behind the site's
JavaScript challenge (answered once, then a cookie). No politeness delay and no AutoThrottle, so what is
measured is the route itself; a real crawl of iso.org is paced by its delays, not by this. Prints, per
route, pages, seconds of crawling (the snapshot's started_at to finished_at), the whole child process,
pages per second and the ratio to the plain route.

Run: python benchmarks/bench_browser.py [--runs 1] [--browser-path PATH]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from casco_watch.crawler.browser import browser_settings, find_browser
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite

UNPACED = {"DOWNLOAD_DELAY": 0.0, "AUTOTHROTTLE_START_DELAY": 0.0, "AUTOTHROTTLE_ENABLED": False}


def crawl_seconds(settings: dict, challenge: bool, workdir: Path) -> tuple[int, float, float]:
    """(pages, seconds crawling, seconds of the whole child process) of one crawl of CASCO."""
    with FixtureSite(FIXTURE_STATES[0], challenge=challenge) as site:
        started = time.perf_counter()
        outcome = run_crawl(CrawlRequest(Path(tempfile.mkdtemp(dir=workdir)) / "casco.duckdb", "casco",
                                         {"base_url": site.base_url}, {**UNPACED, **settings}))
        whole = time.perf_counter() - started
    snapshot = outcome.snapshot
    if snapshot.status != "complete":
        raise SystemExit(f"the crawl was {snapshot.status}: {snapshot.reasons}")
    return sum(snapshot.pages_by_status.values()), (snapshot.finished_at - snapshot.started_at).total_seconds(), whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="crawls per route; the median is shown")
    parser.add_argument("--browser-path", help="the browser to drive (default: chromium on PATH)")
    args = parser.parse_args()
    executable = find_browser(args.browser_path)
    if executable is None:
        raise SystemExit("no Chromium found: apt install chromium, or give --browser-path")
    browser = browser_settings(executable)
    routes = [("plain (baseline)", {}, False), ("--browser, open site", browser, False),
              ("--browser, behind the challenge", browser, True)]
    with tempfile.TemporaryDirectory() as workdir:
        measured = []
        for name, settings, challenge in routes:
            runs = [crawl_seconds(settings, challenge, Path(workdir)) for _ in range(args.runs)]
            pages = runs[0][0]
            measured.append((name, pages, statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs)))
    baseline = measured[0][1] / measured[0][2]
    print(f"{'route':34} {'pages':>5} {'crawl s':>8} {'process s':>9} {'pages/s':>8} {'ratio':>6}")
    for name, pages, crawl, whole in measured:
        rate = pages / crawl
        print(f"{name:34} {pages:5d} {crawl:8.2f} {whole:9.2f} {rate:8.1f} {baseline / rate:5.1f}×")


if __name__ == "__main__":
    main()
