"""`casco` subcommands kept apart from casco_watch/cli.py, which registers them with `main.add_command`.

`db_option` is here so that every command, cli.py's included, can share one definition of --db.
"""

from pathlib import Path

import click

from casco_watch.pipeline.store import DEFAULT_DB

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The DuckDB file.",
)
