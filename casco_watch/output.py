"""Printing result rows the way the user asked: a table for people, CSV or JSON for programs."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from typing import Any, Sequence

from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "json", "markdown")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def to_json(payload: Any) -> str:
    return json.dumps(payload, default=_json_default, indent=2, ensure_ascii=False)


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
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    table = Table(*columns, title=title, show_lines=False)
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")


def _markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None) -> str:
    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = [f"## {title}", ""] if title else []
    lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)
