"""The `casco` command: a thin layer of click over the crawl job, the store and the catalog.

click rather than typer: it is what typer wraps, it gives exact control of exit
codes and error text, and it adds no dependency beyond rich (already used for
tables and progress).

Exit codes: 0 success (a complete snapshot), 3 a partial snapshot, 1 a failed
crawl or any error, 2 a usage error.
"""

from __future__ import annotations

import logging

import click

from casco_watch.cli.accept import accept
from casco_watch.cli.archive import reparse
from casco_watch.cli.changes import diff, fail, history
from casco_watch.cli.crawl import crawl
from casco_watch.cli.fixture import demo, serve_fixture
from casco_watch.cli.notify import notify
from casco_watch.cli.opendata import import_opendata
from casco_watch.cli.queries import export, query, snapshots
from casco_watch.cli.reconcile import reconcile
from casco_watch.cli.report import report
from casco_watch.pipeline.store import damaged_database, reading_failed


class _SayOnStderr(logging.Handler):
    """casco_watch's log messages (waiting for the database, spooled snapshots committed) as `casco: ...` lines.

    click.echo finds sys.stderr when it writes, so a progress display that redirects stderr keeps them tidy.
    """

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"casco: {record.getMessage()}", err=True)


class _CascoGroup(click.Group):
    """Turns a database that fails while it is read (a file cut short after its header) into one line, exit 1."""

    def invoke(self, ctx: click.Context):
        import duckdb

        try:
            return super().invoke(ctx)
        except duckdb.IOException as error:
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


for command in (crawl, snapshots, query, export, import_opendata, serve_fixture, demo, diff, history, accept, notify,
                reconcile, report, reparse):
    main.add_command(command)


if __name__ == "__main__":
    main()
