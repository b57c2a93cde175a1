"""A wheel carries the package and runs installed, outside the source tree.

A wheel built from a copy of the layout, installed (with its dependencies from
the package index) into a new venv in a temporary folder, runs from an empty
directory, so nothing can come from the repository by accident. The README's
own install lines, run from the root of a fresh clone, are tests/test_fresh_clone.py.
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


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", venv, cwd=venv.parent)
    run(venv / "bin" / "pip", "install", "-q", wheel, cwd=venv.parent, timeout=900)
    return venv


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

@pytest.mark.slow
def test_the_installed_command_and_demo_run_from_an_empty_directory(installed, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    casco = installed / "bin" / "casco"
    assert "crawl" in run(casco, "--help", cwd=empty).stdout
    demo = run(casco, "demo", cwd=empty, timeout=600)
    assert "COMPLETE" in demo.stdout and "memberships" in demo.stdout
    assert (empty / "output" / "demo.duckdb").is_file()
    site_packages = next((installed / "lib").glob("python3*/site-packages"))
    assert not [generic for generic in GENERIC_NAMES if (site_packages / generic).exists()]
