"""How long one ISO Open Data dump takes to load, against DuckDB reading the same file by itself.

Baseline: DuckDB's `read_json` of the decompressed file into a flat table, in
a fresh database file: the least any loader of this file can cost here.
Measured against it, in the same run:
- validation alone: `parse_dataset_line` over every line;
- validation + DuckDB write: the spider's own work on the file (no Scrapy
  engine) fed through the snapshot pipeline, which judges it and writes it;
- the crawl job: `casco_watch.crawl_job.run_crawl`, a child process running
  Scrapy, the spider and the pipelines;
- the whole command: `casco import-opendata DUMP`, which runs that crawl job.

Usage: python benchmarks/bench_opendata_load.py [DUMP]   (default: the newest dump in ../shared/iso-open-data)
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
from scrapy.http import Response

from casco_watch.crawl_job import run_crawl
from casco_watch.parsers.opendata import parse_dataset_line
from casco_watch.pipeline.snapshot import SnapshotPipeline
from casco_watch.spiders.opendata import OpenDataSpider, dataset_lines

REPO = Path(__file__).resolve().parents[1]
DUMPS = REPO.parent / "shared" / "iso-open-data"
TARGET_RATIO = 5.0
TARGET_COMMAND_SECONDS = 3.0


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def duckdb_baseline(plain: Path, db: Path) -> int:
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE committees_raw AS SELECT * FROM read_json(?, format = 'newline_delimited')", [str(plain)])
        return con.execute("SELECT count(*) FROM committees_raw").fetchall()[0][0]


def validate_only(body: bytes, source: str) -> int:
    return sum(len(parse_dataset_line(line, n, source)) for n, line in enumerate(dataset_lines(body), start=1))


def validate_and_store(dump: Path, db: Path) -> str:
    """The spider's parse and the snapshot pipeline, in this process, without Scrapy's engine between them."""
    spider = OpenDataSpider(dataset=str(dump))
    crawler = SimpleNamespace(
        spider=spider, stats=SimpleNamespace(get_stats=dict), settings={"CASCO_DB": str(db)}
    )
    pipeline = SnapshotPipeline(crawler)
    pipeline.open_spider()
    for item in spider.parse(Response(url=spider.url, body=dump.read_bytes())):
        pipeline.process_item(item)
    pipeline.close_spider()
    return f"{sum(map(len, pipeline.evidence.records.values())):,} records"


def main(dump: Path) -> None:
    body = dump.read_bytes()
    with tempfile.TemporaryDirectory(prefix="casco-bench-") as scratch:
        scratch = Path(scratch)
        plain = scratch / dump.name.removesuffix(".gz")
        plain.write_bytes(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)

        baseline, rows = timed(lambda: duckdb_baseline(plain, scratch / "baseline.duckdb"))
        validation, records = timed(lambda: validate_only(body, str(dump)))
        stored, summary = timed(lambda: validate_and_store(dump, scratch / "pipeline.duckdb"))
        crawl, outcome = timed(lambda: run_crawl("opendata", {"dataset": str(dump)}, scratch / "crawl.duckdb"))
        casco = [str(Path(sys.executable).with_name("casco")), "import-opendata", str(dump), "--db", str(scratch / "cli.duckdb")]
        command, completed = timed(lambda: subprocess.run(casco, capture_output=True, check=False))

    print(f"{dump.name}: {rows} committees, {records:,} records parsed, {summary} stored")
    print(f"  DuckDB read_json baseline          {baseline:7.3f} s")
    print(f"  validation alone                   {validation:7.3f} s  {validation / baseline:6.1f}x baseline")
    print(f"  validation + DuckDB write          {stored:7.3f} s  {stored / baseline:6.1f}x baseline"
          f"  (target <= {TARGET_RATIO:g}x: {'met' if stored / baseline <= TARGET_RATIO else 'MISSED'})")
    print(f"  crawl job (Scrapy, child process)  {crawl:7.3f} s  {crawl / baseline:6.1f}x baseline;"
          f" snapshot {outcome.status}")
    print(f"  casco import-opendata (whole)      {command:7.3f} s  {command / baseline:6.1f}x baseline"
          f"  (target < {TARGET_COMMAND_SECONDS:g} s: {'met' if command < TARGET_COMMAND_SECONDS else 'MISSED'});"
          f" exit code {completed.returncode}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else sorted(DUMPS.glob("iso_technical_committees-*.jsonl.gz"))[-1])
