"""A wheel carries the package: every module under `casco_watch`, no generic top-level name, no test oracle.

The wheel is built from a copy of the layout. An install of the package with its dependencies from the package
index, run from an empty directory, is tests/test_fresh_clone.py: the README's install line makes it, and one
install of every dependency is enough (it was two, a minute of CPU each).
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.process

REPO = Path(__file__).resolve().parents[1]
GENERIC_NAMES = ("schemas", "parsers", "spiders", "pipeline", "tests")


def run(*command, cwd, timeout=600):
    """Run with no PYTHONPATH (tests/conftest.py sets one for crawl children), so only the install is seen.

    pip compiles no bytecode (PIP_COMPILE=false): Python writes it for the modules a command imports, and compiling
    every dependency's modules is half of an install's minute here."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"} | {"PIP_COMPILE": "false"}
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=env)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "casco-watch"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "output", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", ".", "-w", dist, cwd=source)
    (built,) = dist.glob("*.whl")
    return built


def test_the_wheel_carries_every_module_under_casco_watch_and_no_generic_top_level_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"casco_watch"}
    for folder, package in (("schemas", "schemas"), ("parsers", "parsers"), ("spiders", "spiders"),
                            ("pipeline", "pipeline"), ("casco_watch", "")):
        for module in (REPO / folder).rglob("*.py"):
            inside = module.relative_to(REPO / folder).as_posix()
            assert f"casco_watch/{package + '/' if package else ''}{inside}" in names, module
    assert "casco_watch/pipeline/sql/history.sql" in names
    assert not any(name.startswith(tuple(f"{generic}/" for generic in GENERIC_NAMES)) for name in names)


def test_the_wheel_ships_the_fixture_site_but_not_the_tests_answers_about_it(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".py")}
    assert {"casco_watch/fixture_site/server.py", "casco_watch/fixture_site/site_data.py"} <= shipped.keys()
    for answer in ("expected_records", "status_overrides", "FaultySite"):
        assert not [name for name, text in shipped.items() if answer in text], answer
