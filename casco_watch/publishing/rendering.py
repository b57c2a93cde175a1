"""Printing result rows the way the user asked: a table for people, CSV or JSON for programs."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from casco_watch.pipeline.store import default_db
from casco_watch.schemas import PartStatus

FORMATS = ("table", "csv", "json", "markdown")
TABLE_ROW_LIMIT = 1_000
"""Rows a table shows: more is for a program, which asks for csv or json and gets them all."""
_UNCUT = 10_000
"""Width given to a table that goes to a pipe or file: rich then uses only the width its cells need."""


OPEN_DATA_ATTRIBUTION = "Source: ISO Open Data, © ISO, licensed ODC-By 1.0."
"""What must accompany data derived from ISO Open Data wherever it is shown (its licence asks for it)."""
_UNPRINTABLE = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x061C, 0x200E, 0x200F,
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
    None,
)
"""Control characters (NUL, escape, ...) and bidi controls; tab, newline and carriage return stay."""


def printable(text: str) -> str:
    """Text fit to show a person: data from a site must not hide, cut or reorder what a table, Markdown or the
    HTML report shows (a NUL, a terminal escape, a right-to-left override), so such characters are dropped."""
    return text.translate(_UNPRINTABLE)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def shown_path(path: Path | str) -> str:
    """A path as the user can use it from where they stand: relative when it is below the working directory."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def db_flag(db_path: Path | str) -> str:
    """` --db PATH` for a suggested command to repeat, quoted for the shell; "" for the default database."""
    if Path(db_path).resolve() == default_db().resolve():
        return ""
    return f" --db {shlex.quote(shown_path(db_path))}"


def counts_text(counts: dict[str, int]) -> str:
    """`{"Committee": 1, "Officer": 6}` as `1 Committee, 6 Officer`; "none" when empty."""
    return ", ".join(f"{count:,} {name}" for name, count in sorted(counts.items())) or "none"


def parts_text(parts: Sequence[Any], usable: bool) -> str:
    """The tables a snapshot holds complete (or not), grouped by committee: `54998: committees, memberships`."""
    by_committee: dict[Any, list[str]] = {}
    for part in parts:
        if (part.status == PartStatus.COMPLETE) == usable:
            by_committee.setdefault(part.committee_id, []).append(part.record_table)
    groups = [
        ", ".join(tables) if committee is None else f"{', '.join(tables)} of committee {committee}"
        for committee, tables in sorted(by_committee.items(), key=lambda item: (item[0] is not None, item[0] or 0))
    ]
    return "; ".join(groups) or "none"


def cell_text(value: Any) -> str:
    """A value as a person reads it in a table or CSV cell: no Python reprs."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return counts_text(value) if all(isinstance(v, int) for v in value.values()) else to_json(value, indent=None)
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(cell_text(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return printable(str(value))


def terminal_width() -> int | None:
    """The terminal's width; None when output goes to a file or a pipe, so nothing is cut."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def to_json(payload: Any, indent: int | None = 2) -> str:
    return json.dumps(payload, default=_json_default, indent=indent, ensure_ascii=False)


def render_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, *, title: str | None = None) -> str:
    """Rows as text in `fmt` (table, csv, json or markdown); JSON is a list of objects keyed by column."""
    if fmt == "markdown":
        return _markdown(columns, rows, title)
    if fmt == "json":
        return to_json([dict(zip(columns, row)) for row in rows])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell_text(value) for value in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, title=title, show_lines=False)
    for row in rows:
        table.add_row(*(cell_text(value) for value in row))
    width = terminal_width()
    console = Console(width=width or _UNCUT, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")


def snapshot_json(snapshot: Any) -> dict[str, Any]:
    """A Snapshot as plain JSON values, its parts as `{table, committee_id, status, reasons}` objects."""
    payload = snapshot.model_dump(mode="json", exclude={"parts"})
    payload["parts"] = [
        {"table": part.record_table, "committee_id": part.committee_id, "status": part.status, "reasons": part.reasons}
        for part in snapshot.parts
    ]
    return payload


def write_rows(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], fmt: str, out: TextIO) -> None:
    """Rows as CSV or JSON (as `render_rows` gives them) written batch by batch, never holding the result whole."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for batch in batches:
            writer.writerows([cell_text(value) for value in row] for row in batch)
        return
    if fmt != "json":
        raise ValueError(f"rows are streamed as csv or json, not {fmt}")
    separator = "[\n  "
    for batch in batches:
        for row in batch:
            out.write(separator + to_json(dict(zip(columns, row)), indent=None))
            separator = ",\n  "
    out.write("[]\n" if separator.startswith("[") else "\n]\n")


def more_rows_note(limit: int) -> str:
    return f"Only the first {limit:,} rows are shown; use --format csv or --format json for all of them."


def _markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None) -> str:
    def cell(value: Any) -> str:
        return cell_text(value).replace("|", "\\|").replace("\n", " ")

    lines = [f"## {title}", ""] if title else []
    lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)
