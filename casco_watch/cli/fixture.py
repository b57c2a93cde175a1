"""`casco serve-fixture` and `casco demo`: the bundled copy of iso.org, offline."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import click

from casco_watch.cli.changes import diff
from casco_watch.cli.errors import fail
from casco_watch.cli.outcome import print_outcome, report_interruption
from casco_watch.cli.queries import snapshots
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite
from casco_watch.library.demo import (
    DEMO_DB,
    NotADemoDatabase,
    refuse_foreign_database,
    run_demo,
)
from casco_watch.publishing.rendering import (
    db_flag,
)
from casco_watch.runner.crawl_job import (
    CrawlError,
    CrawlInterrupted,
)
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.schemas import SnapshotStatus


@click.command("serve-fixture")
@click.option("--state", type=click.Choice(FIXTURE_STATES), default=FIXTURE_STATES[0], show_default=True,
              help="Which dated state of the bundled site to serve.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free one).")
@click.option("--challenge", is_flag=True, help="Stand behind a JavaScript challenge like Cloudflare's: only a client "
              "that runs JavaScript and keeps cookies (casco crawl --browser) gets past it.")
def serve_fixture(state, port, challenge):
    """Serve the bundled copy of iso.org on 127.0.0.1 until Ctrl-C, to try the spiders offline."""
    with contextlib.ExitStack() as serving:
        try:
            site = serving.enter_context(FixtureSite(state, port=port, challenge=challenge))
        except OSError as error:
            raise click.BadParameter(f"cannot serve on 127.0.0.1:{port}: {error.strerror}; choose another port, "
                                     "or --port 0 for any free one", param_hint="--port") from None
        click.echo(f"Serving the {state} fixture site at {site.base_url}/committee/54998.html (Ctrl-C to stop)")
        click.echo(f"Try: scrapy crawl casco -a base_url={site.base_url} -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_START_DELAY=0")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopped")


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEMO_DB,
              show_default=True, help="The demo's own DuckDB file (replaced on every run; any other is refused).")
@click.pass_context
def demo(ctx, db_path):
    """Offline: serve the bundled fixture site on loopback, crawl its two dated states, show snapshots and diff."""
    from casco_watch.runner.crawl_progress import CrawlDisplay

    try:
        refuse_foreign_database(db_path)  # before the writing turn, which would commit the database's spool
    except NotADemoDatabase as error:
        raise click.BadParameter(str(error), param_hint="--db") from error

    def report(state, outcome):
        click.echo(f"\n== Crawl of the fixture site as it stood on {state}")
        print_outcome(outcome)

    with CrawlDisplay() as display:
        try:
            with writing_turn(db_path):
                outcomes = run_demo(db_path, report, on_event=display.on_event)
        except NotADemoDatabase as error:
            display.close()
            raise click.BadParameter(str(error), param_hint="--db") from error
        except CrawlInterrupted as interruption:
            display.close()
            report_interruption(interruption, db_path)
        except CrawlError as error:
            display.close()
            fail(str(error))
    click.echo("\n== casco snapshots")
    ctx.invoke(snapshots, fmt="table", db_path=db_path)
    if all(outcome.snapshot.status == SnapshotStatus.COMPLETE for outcome in outcomes):
        click.echo("\n== casco diff (what changed between the two states)")
        ctx.invoke(diff, from_id=None, to_id=None, committee_id=None, fmt="table", db_path=db_path)
    click.echo(f"\nExplore: casco query{db_flag(db_path)} \"SELECT * FROM latest_memberships LIMIT 10\"")
