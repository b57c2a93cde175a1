"""How long ISO Open Data's deliverables dataset takes to load, against DuckDB reading the same file, and the memory.

No real copy of `iso_deliverables_metadata` is stored here, so the script writes a synthetic one of realistic
size first: --documents lines (default 80,000, about all of ISO's standards, projects and withdrawn editions)
owned by 800 committees, each line with the dataset's fields and an English scope of a few hundred characters.
Each step runs in a fresh process, which prints its time (after its imports) and peak memory (ru_maxrss):
- baseline: DuckDB's `read_json` of the file into a table in a fresh database file;
- `casco_watch.load_opendata` of every committee (validate, judge, store), into a database that knows the
  800 committees (stored first, not timed);
- the same for one committee (`committees=[...]`): the whole file is read, one committee's rows kept.

Usage: python benchmarks/bench_deliverables_load.py [--documents N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import casco_watch
from casco_watch.schemas import Committee

COMMITTEES = 800
STAGES = (2000, 3020, 4020, 4060, 5020, 6060, 9020, 9093, 9599, 3098)
STEP = """
import json, resource, sys, time
import duckdb, casco_watch
start = time.perf_counter()
{work}
print(json.dumps({{"seconds": time.perf_counter() - start,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
READ_JSON = ("con = duckdb.connect(sys.argv[2]); con.execute(\"CREATE TABLE raw AS SELECT * FROM "
             "read_json(?, format = 'newline_delimited')\", [sys.argv[1]])")
LOAD = "casco_watch.load_opendata(sys.argv[1], sys.argv[2]{committees})"


def write_dataset(path: Path, documents: int) -> None:
    rng = random.Random(19)
    with path.open("w", encoding="utf-8") as out:
        for number in range(documents):
            committee = number % COMMITTEES + 1
            stage = rng.choice(STAGES)
            out.write(json.dumps({
                "id": 100_000 + number, "deliverableType": "IS", "supplementType": None,
                "reference": f"ISO {10_000 + number}:20{rng.randint(10, 25)}",
                "publicationDate": f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-15" if stage >= 6060 else None,
                "edition": rng.randint(1, 5), "icsCode": ["03.120.20"], "ownerCommittee": f"ISO/TC {committee}",
                "currentStage": stage, "replaces": [100_000 + number - COMMITTEES] if number >= COMMITTEES else [],
                "replacedBy": [], "languages": ["en", "fr"], "pages": {"en": rng.randint(5, 120)},
                "scope": {"en": "This document specifies requirements for conformity assessment. " * 6},
                "title": {"en": f"Conformity assessment — Part {number}: requirements for bodies"},
            }) + "\n")


def step(work: str, dataset: Path, db: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", STEP.format(work=work), str(dataset), str(db)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-1000:])
    return json.loads(done.stdout.splitlines()[-1])


def committees_db(path: Path) -> Path:
    casco_watch.store_snapshot(path, [
        Committee(committee_id=10_000 + c, reference=f"ISO/TC {c}", title=f"Committee {c}") for c in range(1, COMMITTEES + 1)
    ], source_kind="site", source="bench", scope="bench:committees", as_of=dt.date(2026, 11, 1))
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=80_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        dataset = folder / "iso_deliverables_metadata-2026-11-02.jsonl"
        write_dataset(dataset, arguments.documents)
        print(f"{arguments.documents:,} documents, {dataset.stat().st_size / 1e6:.0f} MB of JSON Lines")
        baseline = step(READ_JSON, dataset, folder / "raw.duckdb")
        results = {
            "DuckDB read_json into a table (baseline)": baseline,
            "load_opendata, every committee": step(LOAD.format(committees=""), dataset, committees_db(folder / "all.duckdb")),
            "load_opendata, one committee": step(LOAD.format(committees=", committees=[10001]"), dataset,
                                                 committees_db(folder / "one.duckdb")),
        }
        for name, result in results.items():
            print(f"{name:45s} {result['seconds']:7.2f} s {result['seconds'] / baseline['seconds']:6.1f}x "
                  f"peak {result['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
