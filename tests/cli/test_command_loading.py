"""`casco` loads a command's module only when that command runs, so a command pays for what it uses alone; the
console script's process goes without NumPy unless the command draws."""

import json
import subprocess
import sys
import textwrap

import click
import pytest
from click.testing import CliRunner

from casco_watch.cli import COMMANDS, main
from tests.conftest import REPO
from tests.dumps import write_dump

RUN_AND_LIST_MODULES = textwrap.dedent(
    """
    import json, sys
    from casco_watch.cli import run
    sys.argv[0] = "casco"
    try:
        run()
    except SystemExit as exit:
        code = exit.code
    print(json.dumps({"exit": code, "modules": sorted(name for name, module in sys.modules.items() if module),
                      "kept_out": sorted(name for name, module in sys.modules.items() if module is None)}))
    """
)
NOT_FOR_AN_IMPORT = (
    "numpy", "scrapy", "twisted", "jinja2", "matplotlib", "apprise", "bs4", "playwright", "warcio",
    "casco_watch.cli.crawl", "casco_watch.cli.outcome", "casco_watch.cli.notify", "casco_watch.runner.crawl_job",
    "casco_watch.archives", "casco_watch.publishing.notify", "casco_watch.cli.fixture", "casco_watch.cli.queries", "casco_watch.cli.report",
    "casco_watch.cli.reconcile", "casco_watch.cli.archive", "casco_watch.fixture_site", "casco_watch.spiders.casco",
    "casco_watch.publishing.report", "casco_watch.library.replaying", "casco_watch.archives.captures",
)
"""Modules of other commands, or of crawling, or NumPy (which pyarrow would import), that `casco import-opendata` has
no use for."""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_loads_under_the_name_it_is_registered_by(name):
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_help_lists_every_command_and_an_unknown_one_is_a_usage_error():
    listed = CliRunner().invoke(main, ["--help"])
    assert listed.exit_code == 0
    assert all(f"  {name} " in listed.output for name in COMMANDS)

    unknown = CliRunner().invoke(main, ["import-opendat"])
    assert unknown.exit_code == 2
    assert "No such command 'import-opendat'" in unknown.output


def run_console_script(*args) -> dict:
    """`casco ARGS` as the console script runs it, in a fresh interpreter: its exit code, the modules it loaded and
    those it kept out. A fresh interpreter is the point: in this one, other tests have loaded every module already."""
    ran = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *map(str, args)], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout.splitlines()[-1])
    assert result["exit"] == 0, ran.stderr
    return result


@pytest.mark.process
def test_import_opendata_loads_neither_scrapy_nor_numpy_nor_another_commands_modules(tmp_path):
    dump = write_dump(tmp_path, "2026-10-01")
    result = run_console_script("import-opendata", dump, "--db", tmp_path / "casco.duckdb")
    loaded = {module for module in result["modules"] for unwanted in NOT_FOR_AN_IMPORT
              if module == unwanted or module.startswith(unwanted + ".")}
    assert loaded == set()
    assert "casco_watch.cli.opendata" in result["modules"]


@pytest.mark.process
def test_only_a_command_that_draws_may_load_numpy():
    assert "numpy" in run_console_script("snapshots", "--help")["kept_out"]
    assert "numpy" not in run_console_script("report", "--help")["kept_out"]
