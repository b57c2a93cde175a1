"""Any install works outside the source tree: a wheel in a fresh virtual environment runs `casco` and its demo.

Builds from a copy of the committed layout, installs the wheel (with its
dependencies from the package index) into a new venv in a temporary folder,
and runs the installed command from an empty directory, so nothing can come
from the repository by accident.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GENERIC_NAMES = ("schemas", "parsers", "spiders", "pipeline", "tests")


def run(*command, cwd, timeout=600):
    """Run with no PYTHONPATH (tests/conftest.py sets one for crawl children), so only the install is seen."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
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
