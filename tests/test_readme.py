"""README's examples work as written: every `casco ...` line of its `sh` blocks, run for real.

They run in order in an empty directory holding what `casco demo` made, with `../shared`
linked beside it as it sits beside a clone. A line may say `# exits N` (the code
README states) or `# not run by the tests: <why>` (a server that runs until
stopped); anything else must exit 0, and a query must return rows. This is
the habit sqlite-utils keeps with cog: the docs cannot drift from the tool.

The `casco` lines are plain commands (no pipes, no redirections: `test_the_casco_examples_are_plain_commands`), so
they run in process, split as a shell splits them; the README's install lines run in a shell, from a fresh clone,
in tests/test_fresh_clone.py, which also runs its Python example with the installed package.
"""

import json
import re
import shlex
import shutil

import pytest

from tests.conftest import REPO, run_casco

README = REPO / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
EXITS = re.compile(r"#\s*exits (\d+)")
NOT_RUN = "# not run by the tests:"


def blocks(language: str) -> list[str]:
    return [body for found, body in BLOCK.findall(README.read_text(encoding="utf-8")) if found == language]


def casco_lines() -> list[str]:
    return [line.strip() for body in blocks("sh") for line in body.splitlines() if line.strip().startswith("casco ")]


@pytest.fixture(scope="module")
def workplace(tmp_path_factory, demo_made):
    """An empty directory standing where a clone stands, with a copy of the `output/` that `casco demo` made there
    (the session's one demo, tests/conftest.py)."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(demo_made / "output", root / "repo" / "output")
    if (REPO.parent / "shared").is_dir():
        (root / "shared").symlink_to(REPO.parent / "shared")
    return root / "repo"


def command_text(line: str) -> str:
    """The line without its comment and a trailing `&` (a server the tests do not run)."""
    return line.split(" #")[0].strip().removesuffix("&")


def run(command: list[str], workplace):
    """`casco ARGS...` as the shell would run it from the workplace."""
    program, *args = command
    assert program == "casco"
    return run_casco(*args, cwd=workplace)


def test_readme_has_examples_to_run():
    assert len(casco_lines()) >= 8 and blocks("python")


def test_the_casco_examples_are_plain_commands():
    """What the tests split themselves: a shell's operators would need a shell."""
    for line in casco_lines():
        tokens = list(shlex.shlex(command_text(line), posix=True, punctuation_chars=True))
        assert not [token for token in tokens if set(token) <= set("|&;<>()")], line
        assert "$" not in line and "`" not in line, line


@pytest.mark.parametrize("line", casco_lines())
def test_each_casco_example_exits_as_readme_says(line, workplace):
    command = shlex.split(command_text(line))
    if NOT_RUN in line:
        assert run([*command[:2], "--help"], workplace).returncode == 0
        return
    expected = int(EXITS.search(line)[1]) if EXITS.search(line) else 0
    result = run(command, workplace)
    assert result.returncode == expected, result.stdout + result.stderr
    assert result.stdout.strip(), f"{line} printed nothing"
    if command[1] == "query" and "--format" not in command:
        rows = json.loads(run([*command, "--format", "json"], workplace).stdout)
        assert rows, f"{line} returned no rows"
