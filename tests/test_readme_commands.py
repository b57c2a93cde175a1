"""README's table of `casco` commands says what each command's `--help` says: every command has a row, every
option a row names exists (with the same choices), and every option of a command is in one of its rows,
except the few README describes once for every command in the paragraph under the table."""

import re

import click
import pytest
from click.testing import CliRunner

from casco_watch.cli import COMMANDS, main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## The `casco` command", 1)[1].split("\n## ", 1)[0]
UNDER_THE_TABLE = {
    "--db": "Every command but `serve-fixture` (which serves files, not a database) takes `--db PATH`",
    "--lock-timeout": "`--lock-timeout\nSECONDS` on every command but `report`, `reparse` and `demo`",
    "--help": "every command takes `--help`",
}
"""Options left out of the rows on purpose: the sentence under the table that states each for every command."""
OPTION = re.compile(r"(--[a-z][a-z-]*)(?:[ =]([\w.]+(?:\\\|[\w.]+)+))?")


def table_rows() -> list[str]:
    """The first cell of each row of the commands table (the synopsis), pipes inside it still escaped."""
    return [re.match(r"\| ((?:[^|\\]|\\\|)+) \|", line).group(1) for line in SECTION.splitlines()
            if line.startswith("| `casco ")]


def synopses() -> dict[str, list[str]]:
    """Each command's synopsis spans from the table: `casco NAME ...` starts one, a span starting `--` goes on."""
    found: dict[str, list[str]] = {}
    for cell in table_rows():
        command = None
        for span in re.findall(r"`([^`]+)`", cell):
            if span.startswith("casco "):
                command = span.split()[1]
            found.setdefault(command, []).append(span)
    return found


def help_options(name: str) -> dict[str, click.Parameter]:
    command = main.get_command(click.Context(main), name)
    return {option: param for param in command.params for option in (*param.opts, *param.secondary_opts)
            if option.startswith("--")}


@pytest.fixture(scope="module")
def help_texts() -> dict[str, str]:
    runner = CliRunner()
    texts = {}
    for name in COMMANDS:
        shown = runner.invoke(main, [name, "--help"])
        assert shown.exit_code == 0, shown.output
        texts[name] = shown.output
    return texts


def test_every_command_has_a_row_and_every_row_a_command():
    assert set(synopses()) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_option_a_row_names_is_in_the_commands_help_with_the_same_choices(name, help_texts):
    options = help_options(name)
    for span in synopses()[name]:
        for option, choices in OPTION.findall(span):
            assert option in options, f"README's `{span}` names {option}, which `casco {name} --help` lacks"
            assert option in help_texts[name]
            if choices and isinstance(options[option].type, click.Choice):  # else alternatives: `ACRONYM\|ID`
                assert set(choices.split("\\|")) == set(options[option].type.choices), (
                    f"README's `{span}` gives {option} the choices {choices}")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_option_in_the_commands_help_is_in_its_row(name, help_texts):
    named = {option for span in synopses()[name] for option, _ in OPTION.findall(span)}
    for option in help_options(name):
        assert option in help_texts[name]
        if option in UNDER_THE_TABLE:
            continue
        assert option in named, f"`casco {name} --help` has {option}, which no `casco {name}` row of README names"


def test_the_options_left_out_of_the_rows_are_stated_under_the_table():
    for option, sentence in UNDER_THE_TABLE.items():
        assert sentence in SECTION, f"{option}: README no longer says {sentence!r}"
