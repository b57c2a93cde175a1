"""The SQL of pipeline/sql/, read by name: a module of its own so the store and the modules it calls share it
without importing each other."""

from __future__ import annotations

from importlib import resources

import duckdb


def sql_text(name: str) -> str:
    """The text of one file in pipeline/sql/."""
    return resources.files("casco_watch.pipeline").joinpath("sql", name).read_text(encoding="utf-8")


def run_statements(con: duckdb.DuckDBPyConnection, name: str, parameters: dict | None = None, **names: str) -> None:
    """Run each statement of pipeline/sql/`name` (formatted with `names`) with the parameters it uses."""
    for statement in sql_text(name).format(**names).split(";\n"):
        code = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--"))
        if code.strip():
            con.execute(code, {key: value for key, value in (parameters or {}).items() if f"${key}" in code})
