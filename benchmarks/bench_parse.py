"""What the page parsers cost in CPU, per kind of page, against lxml merely parsing the same pages.

Reads every page of both fixture-site states and the real saved pages (benchmarks/parse_corpus.py) through the
parser the spider calls for it (spiders/iso_site.py), and prints CPU seconds per kind of page and in total, the
best of a few rounds. Baselines, in the same run: `lxml.html.fromstring` of the same pages (the least any parse
of them can cost), and BeautifulSoup's tree building alone (`BeautifulSoup(html, "lxml")`, what the parsers
build on before they read anything).

Usage: python benchmarks/bench_parse.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import lxml.html
from bs4 import BeautifulSoup

from parse_corpus import PARSERS, Page, fixture_corpus, real_corpus


def cpu_seconds(pages: list[Page], work) -> dict[str, float]:
    """CPU seconds `work(page)` takes over the pages, by kind of page."""
    spent: dict[str, float] = defaultdict(float)
    for page in pages:
        started = time.process_time()
        try:
            work(page)
        except ValueError:  # a refused page costs what it costs
            pass
        spent[page.kind] += time.process_time() - started
    return spent


def best_of(rounds: int, pages: list[Page], work) -> dict[str, float]:
    runs = [cpu_seconds(pages, work) for _ in range(rounds)]
    return {kind: min(run[kind] for run in runs) for kind in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = fixture_corpus() + real_corpus()
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        counts[page.kind] += 1
    parsers = best_of(args.rounds, pages, Page.parse)
    soup = best_of(args.rounds, pages, lambda page: BeautifulSoup(page.html, "lxml"))
    baseline = best_of(args.rounds, pages, lambda page: lxml.html.fromstring(page.html))
    print(f"{len(pages)} pages, CPU seconds, best of {args.rounds} rounds")
    print(f"{'kind':<14}{'pages':>6}{'parsers':>10}{'bs4 tree':>10}{'lxml':>9}{'parsers/lxml':>14}")
    for kind in [kind for kind in PARSERS if kind in counts] + ["total"]:
        row = [sum(found.values()) if kind == "total" else found[kind] for found in (parsers, soup, baseline)]
        pages_of_kind = len(pages) if kind == "total" else counts[kind]
        print(f"{kind:<14}{pages_of_kind:>6}{row[0]:>10.3f}{row[1]:>10.3f}{row[2]:>9.3f}{row[0] / row[2]:>13.1f}x")


if __name__ == "__main__":
    main()
