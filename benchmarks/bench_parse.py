"""What the page parsers cost in CPU, per kind of page, against lxml merely parsing the same pages.

Reads every page of both fixture-site states and the real saved pages (benchmarks/parse_corpus.py) through the
parser the spider calls for it (spiders/iso_site.py), and prints CPU seconds per kind of page and in total, the
best of a few rounds. Baselines, in the same run: `lxml.html.fromstring` of the same pages (the least any parse
of them can cost), and bs4's stock tree building alone (`BeautifulSoup(html, "lxml")`, what the parsers built
on before parsers/tree_builder.py). Each page goes through all three in turn, the least of the rounds is kept.

Usage: python benchmarks/bench_parse.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Callable

import lxml.html
from bs4 import BeautifulSoup

from parse_corpus import PARSERS, Page, fixture_corpus, real_corpus


def best_cpu_seconds(
    rounds: int, pages: list[Page], works: dict[str, Callable[[Page], object]]
) -> dict[str, dict[str, float]]:
    """CPU seconds of each work by kind of page, the least of `rounds` rounds.

    Each page goes through every work in turn, so a change in the machine's load (it is shared) weighs on all
    of them alike.
    """
    runs = []
    for _ in range(rounds):
        spent: dict[str, dict[str, float]] = {name: defaultdict(float) for name in works}
        for page in pages:
            for name, work in works.items():
                started = time.process_time()
                try:
                    work(page)
                except ValueError:  # a refused page costs what it costs
                    pass
                spent[name][page.kind] += time.process_time() - started
        runs.append(spent)
    return {name: {kind: min(run[name][kind] for run in runs) for kind in runs[0][name]} for name in works}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = fixture_corpus() + real_corpus()
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        counts[page.kind] += 1
    best = best_cpu_seconds(
        args.rounds,
        pages,
        {
            "parsers": Page.parse,
            "bs4 tree": lambda page: BeautifulSoup(page.html, "lxml"),
            "lxml": lambda page: lxml.html.fromstring(page.html),
        },
    )
    print(f"{len(pages)} pages, CPU seconds, best of {args.rounds} rounds")
    print(f"{'kind':<14}{'pages':>6}{'parsers':>10}{'bs4 tree':>10}{'lxml':>9}{'parsers/lxml':>14}{'parsers/bs4 tree':>18}")
    for kind in [kind for kind in PARSERS if kind in counts] + ["total"]:
        row = [sum(found.values()) if kind == "total" else found[kind] for found in best.values()]
        pages_of_kind = len(pages) if kind == "total" else counts[kind]
        print(
            f"{kind:<14}{pages_of_kind:>6}{row[0]:>10.3f}{row[1]:>10.3f}{row[2]:>9.3f}"
            f"{row[0] / row[2]:>13.1f}x{row[0] / row[1]:>17.2f}x"
        )


if __name__ == "__main__":
    main()
