"""Whether the parsers still read every corpus page (benchmarks/parse_corpus.py) to exactly what they read before.

A parser change made for speed must not change a single record: `dump` writes, for every page, each record's
model_dump (with its model's name) or the error that refused the page; `check` parses again and compares with
such a dump, page by page, and exits 1 naming each page that differs.

Usage: python benchmarks/check_parse_identity.py dump PATH.json   (before the change)
       python benchmarks/check_parse_identity.py check PATH.json  (after it)
Add `--inputs INPUTS.json` (written by record_parser_inputs.py) to both to take in the parser tests' pages too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from parse_corpus import Page, fixture_corpus, real_corpus


def outcome(page: Page) -> dict:
    """What parsing the page gave: the page's identity and records, or the error's type and message."""
    try:
        parsed = page.parse()
    except Exception as error:  # noqa: BLE001 - a refusal is an outcome to compare like any other
        return {"error": type(error).__name__, "message": str(error)}
    return {
        "page_kind": parsed.page_kind,
        "subject_id": parsed.subject_id,
        "records": [{"model": type(record).__name__, **record.model_dump(mode="json")} for record in parsed.records],
    }


def recorded_corpus(path: Path | None) -> list[Page]:
    """The pages the parser tests passed to a parser, as record_parser_inputs.py kept them."""
    if path is None:
        return []
    return [Page(f"test#{index}", **found) for index, found in enumerate(json.loads(path.read_text("utf-8")))]


def outcomes(inputs: Path | None) -> dict[str, dict]:
    return {f"{page.source} {page.url}": outcome(page) for page in fixture_corpus() + real_corpus() + recorded_corpus(inputs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("dump", "check"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--inputs", type=Path, help="pages recorded from the parser tests by record_parser_inputs.py")
    args = parser.parse_args()
    now = outcomes(args.inputs)
    if args.action == "dump":
        args.path.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        refused = sum("error" in found for found in now.values())
        print(f"{len(now)} pages ({refused} refused) written to {args.path}")
        return 0
    before = json.loads(args.path.read_text(encoding="utf-8"))
    differing = sorted(key for key in before.keys() | now.keys() if before.get(key) != now.get(key))
    for key in differing:
        print(f"DIFFERS {key}\n  before: {before.get(key)}\n  now:    {now.get(key)}")
    print(f"{len(now)} pages parsed, {len(before)} in {args.path}: {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
