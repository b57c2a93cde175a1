"""README's examples work as written: every `casco ...` line of its `sh` blocks, and its Python example, run for real.

They run in order in an empty directory holding what `casco demo` made, with `../shared`
linked beside it as it sits beside a clone. A line may say `# exits N` (the code
README states) or `# not run by the tests: <why>` (a server that runs until
stopped); anything else must exit 0, and a query must return rows. This is
the habit sqlite-utils keeps with cog: the docs cannot drift from the tool.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, casco_executable

pytestmark = pytest.mark.process

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
    env = {**os.environ, "PATH": f"{Path(casco_executable()).parent}{os.pathsep}{os.environ['PATH']}"}
    return root / "repo", env


def run(line: str, workplace):
    cwd, env = workplace
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_readme_has_examples_to_run():
    assert len(casco_lines()) >= 8 and blocks("python")


@pytest.mark.parametrize("line", casco_lines())
def test_each_casco_example_exits_as_readme_says(line, workplace):
    if NOT_RUN in line:
        command = shlex.split(line.split("#")[0])
        assert run(f"{command[0]} {command[1]} --help", workplace).returncode == 0
        return
    expected = int(EXITS.search(line)[1]) if EXITS.search(line) else 0
    result = run(line, workplace)
    assert result.returncode == expected, result.stdout + result.stderr
    assert result.stdout.strip(), f"{line} printed nothing"
    command = shlex.split(line.split(" #")[0])
    if command[1] == "query" and "--format" not in command:
        rows = json.loads(run(shlex.join([*command, "--format", "json"]), workplace).stdout)
        assert rows, f"{line} returned no rows"


def test_the_python_example_runs(workplace):
    if not (workplace[0].parent / "shared" / "iso-open-data").is_dir():
        pytest.skip("the real ISO Open Data dumps (../shared/iso-open-data) are not beside this clone")
    (example,) = blocks("python")
    result = subprocess.run([sys.executable, "-c", example], cwd=workplace[0], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "'memberships_joined'" in result.stdout
