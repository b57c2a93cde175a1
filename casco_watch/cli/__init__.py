"""The `casco` command: a thin layer of click over the crawl job, the store and the catalog.

click rather than typer: it is what typer wraps, it gives exact control of exit
codes and error text, and it adds no dependency beyond rich (already used for
tables and progress).

A command's module is imported only when that command runs (or when `casco --help`
lists every command), so `casco import-opendata` does not pay for Scrapy, the
fixture site or the report: COMMANDS names each command's module and function.

Exit codes: 0 success (a complete snapshot), 3 a partial snapshot, 1 a failed
crawl or any error, 2 a usage error.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys

import click

COMMANDS: dict[str, str] = {
    "accept": "casco_watch.cli.accept:accept",
    "crawl": "casco_watch.cli.crawl:crawl",
    "demo": "casco_watch.cli.fixture:demo",
    "diff": "casco_watch.cli.changes:diff",
    "export": "casco_watch.cli.queries:export",
    "history": "casco_watch.cli.changes:history",
    "import-opendata": "casco_watch.cli.opendata:import_opendata",
    "notify": "casco_watch.cli.notify:notify",
    "query": "casco_watch.cli.queries:query",
    "reconcile": "casco_watch.cli.reconcile:reconcile",
    "report": "casco_watch.cli.report:report",
    "reparse": "casco_watch.cli.archive:reparse",
    "serve-fixture": "casco_watch.cli.fixture:serve_fixture",
    "snapshots": "casco_watch.cli.queries:snapshots",
}
"""Every `casco` command: its name -> "module:function" of its click command, imported when it is asked for."""

DRAWING_COMMANDS = frozenset({"report"})
"""The commands that compute with NumPy: the report's timeline chart, drawn by matplotlib."""


class _SayOnStderr(logging.Handler):
    """casco_watch's log messages (waiting for the database, spooled snapshots committed) as `casco: ...` lines.

    click.echo finds sys.stderr when it writes, so a progress display that redirects stderr keeps them tidy.
    """

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"casco: {record.getMessage()}", err=True)


class _CascoGroup(click.Group):
    """Loads a command from COMMANDS when it is asked for, and turns a database that fails while it is read
    (a file cut short after its header) into one line, exit 1."""

    def main(self, *args, **kwargs):
        """Run a command with Python's cyclic garbage collector set for a short process that builds many objects.

        An import builds ~100,000 objects (modules, records, rows) and frees few; the default thresholds
        (700, 10, 10) scan them ~350 times, 0.1-0.15 s of the ~1.7 s of CPU of `casco import-opendata DUMP`;
        these take ~40 scans and ~0.03 s. Nothing here makes cycles that need prompt collecting.
        """
        gc.set_threshold(10_000, 50, 100)
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, function = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), function)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as error:
            duckdb = sys.modules.get("duckdb")  # a command that never imported DuckDB cannot have met this error
            if duckdb is None or not isinstance(error, duckdb.IOException):
                raise
            from casco_watch.cli.errors import fail
            from casco_watch.pipeline.store import damaged_database, reading_failed

            if not reading_failed(error):
                raise
            fail(str(damaged_database(error)))


@click.group(cls=_CascoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casco-watch")
def main() -> None:
    """casco-watch: a dated, exact record of ISO/CASCO and the committees around it.

    Exit codes: 0 success (complete snapshot), 3 partial snapshot, 1 failed crawl or error, 2 usage error.
    """
    package_log = logging.getLogger("casco_watch")
    if not any(isinstance(handler, _SayOnStderr) for handler in package_log.handlers):
        package_log.addHandler(_SayOnStderr())
        package_log.setLevel(logging.INFO)
        package_log.propagate = False


def run() -> None:
    """The `casco` process as its console script starts it: `main`, without NumPy unless the command draws.

    pyarrow imports NumPy whenever it is installed (matplotlib, for the report, brings it) though only the report
    computes with it; pyarrow builds the snapshot's tables and DuckDB reads them without it. Going without saves
    every other command ~35 ms of start-up (`casco import-opendata DUMP`: 0.64 -> 0.60 s here). Only this process
    goes without: a program that calls `main` itself (CliRunner, a user's script) keeps NumPy.
    """
    command = next((argument for argument in sys.argv[1:] if not argument.startswith("-")), None)
    if command not in DRAWING_COMMANDS:
        sys.modules.setdefault("numpy", None)  # type: ignore[assignment]
    main()


if __name__ == "__main__":
    run()
