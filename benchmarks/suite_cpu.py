"""Where the test suite's CPU goes, by test module: the sum of what each pytest process wrote when run with
CASCO_TEST_CPU_REPORT=PREFIX (tests/conftest.py), against the whole run's wall time if given.

    CASCO_TEST_CPU_REPORT=/tmp/suite-cpu .venv/bin/python -m pytest -q -n 3 --dist loadscope --no-loadscope-reorder
    python benchmarks/suite_cpu.py /tmp/suite-cpu [--wall SECONDS]

The floor it prints is the total divided by the cores: no scheduling of these tests on this machine can finish sooner.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", help="the CASCO_TEST_CPU_REPORT prefix the run was given")
    parser.add_argument("--wall", type=float, help="the run's wall time in seconds, to compare with the floor")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--tests", action="store_true", help="by test rather than by module")
    arguments = parser.parse_args()
    prefix = Path(arguments.prefix)
    by_module: Counter[str] = Counter()
    for report in prefix.parent.glob(f"{prefix.name}{'-tests' if arguments.tests else ''}.*.json"):
        by_module.update(json.loads(report.read_text()))
    if not by_module:
        raise SystemExit(f"no {prefix}.*.json: run the suite with CASCO_TEST_CPU_REPORT={prefix} first")
    total, cores = sum(by_module.values()), os.cpu_count() or 1
    print(f"{'CPU s':>8}  {'share':>6}  module")
    for module, seconds in by_module.most_common(arguments.top):
        print(f"{seconds:8.1f}  {seconds / total:6.1%}  {module}")
    print(f"{total:8.1f}  100.0%  all {len(by_module)} modules")
    floor = total / cores
    print(f"floor on {cores} cores: {floor:.0f} s ({floor / 60:.1f} min)", end="")
    print(f"; the run took {arguments.wall:.0f} s, {arguments.wall / floor:.2f}x the floor" if arguments.wall else "")


if __name__ == "__main__":
    main()
