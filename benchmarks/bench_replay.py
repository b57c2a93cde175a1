"""How fast a crawl replays from its archive, against lxml merely parsing the same pages.

Crawls the fixture site (every committee of one state, on 127.0.0.1) once with its archive kept, stops the
server, then replays the archive with `casco_watch.runner.crawl_job.run_crawl` (a child process running Scrapy, the
ArchiveReplay middleware, the spiders, the parsers and the snapshot pipeline) a few times. Baseline, in the
same run: `lxml.html.fromstring` of every response payload in the archive, which is the least any re-parse
of these pages can cost. Reported per replay: the whole child process, and the crawl alone (Scrapy's
`elapsed_time_seconds`, without the ~2 s of process start-up), in pages per second; and, to show where a
replay's time goes, casco-watch's own parsers run over the same payloads in this process.

Usage: python benchmarks/bench_replay.py [--replays 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from casco_watch.archives.crawl_archive import read_archive, read_response, resolve_archive_path
from casco_watch.library.replaying import REPLAY_SETTINGS
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.library.demo import LOOPBACK_SETTINGS
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite
from casco_watch.fixture_site.site_data import site
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.participation_page import parse_participation_page

_ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")


def crawl_seconds(log_file: Path) -> float:
    """Scrapy's own measure of the last crawl in a log: from engine start to close, without process start-up."""
    return float(_ELAPSED.findall(log_file.read_text(encoding="utf-8"))[-1])


def payloads(archive_path: Path) -> list[tuple[str, bytes]]:
    """Every response in the archive as (URL, body)."""
    archive = read_archive(archive_path)
    with open(archive_path, "rb") as stream:
        return [(url, read_response(stream, copy).body) for url, copies in archive.responses.items() for copy in copies]


def lxml_seconds(pages: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for _, body in pages:
        if body:
            lxml.html.fromstring(body)
    return time.perf_counter() - started


def parser_of(url: str):
    """The parser the spiders give a page of this URL (None for robots.txt)."""
    parts = urlsplit(url)
    if parts.query == "view=participation":
        return parse_participation_page
    kind = parts.path.split("/")[1]
    return {"committee": parse_committee_page, "member": parse_member_page,
            "organization": parse_organization_page}.get(kind)


def parsers_seconds(pages: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for url, body in pages:
        if (parser := parser_of(url)) is not None:
            parser(body.decode("utf-8"), url)
    return time.perf_counter() - started


def main(replays: int) -> None:
    state = FIXTURE_STATES[0]
    committees = ",".join(map(str, sorted(site(state).committees)))
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        db = Path(scratch) / "casco.duckdb"
        with FixtureSite(state) as fixture:
            started = time.perf_counter()
            live = run_crawl(CrawlRequest(db, "casco", {"base_url": fixture.base_url, "committees": committees,
                                                       "as_of": state}, LOOPBACK_SETTINGS))
            live_wall = time.perf_counter() - started
        archive = resolve_archive_path(live.snapshot.archive, db)
        recorded = payloads(archive)
        pages, parse_only, parsers_only = len(recorded), lxml_seconds(recorded), parsers_seconds(recorded)
        walls, crawls = [], []
        for _ in range(replays):
            settings = {**REPLAY_SETTINGS, "CASCO_REPLAY": str(archive), "CASCO_DERIVATION": "replay",
                        "CASCO_DERIVED_FROM": live.snapshot.snapshot_id}
            started = time.perf_counter()
            replayed = run_crawl(CrawlRequest(db, "casco", {"committees": committees, "base_url": live.snapshot.source,
                                                           "as_of": state}, settings))
            walls.append(time.perf_counter() - started)
            crawls.append(crawl_seconds(replayed.log_file))
            assert replayed.snapshot.records == live.snapshot.records, "a replay must store what the crawl stored"
        size = archive.stat().st_size

    wall, crawl = statistics.median(walls), statistics.median(crawls)
    lxml_rate = pages / parse_only
    print(f"archive: {pages} responses, {size / 1e6:.2f} MB ({live.snapshot.status} crawl of {committees.count(',') + 1} "
          f"committees); median of {replays} replays")
    print(f"  lxml.html.fromstring of every payload  {parse_only:7.3f} s  {lxml_rate:9.0f} pages/s  (baseline)")
    for label, seconds in (("casco-watch parsers alone, in process", parsers_only),
                           ("replay, crawl alone (Scrapy elapsed)", crawl), ("replay, whole child process", wall),
                           ("live crawl of 127.0.0.1, whole process", live_wall)):
        rate = pages / seconds
        print(f"  {label:<38} {seconds:7.3f} s  {rate:9.0f} pages/s  {lxml_rate / rate:6.1f}x slower than lxml")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replays", type=int, default=3)
    main(parser.parse_args().replays)
