"""Any install works, outside the source tree and from its root, as the README says.

A wheel built from a copy of the layout, installed (with its dependencies from
the package index) into a new venv in a temporary folder, runs from an empty
directory, so nothing can come from the repository by accident. And the
README's own lines, run verbatim from the root of a fresh clone of the
committed HEAD, work there, where the clone's `casco_watch/` folder sits in
the current directory beside the installed package.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from tests.test_readme import blocks

pytestmark = pytest.mark.process

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


def test_the_wheel_ships_the_fixture_site_but_not_the_tests_answers_about_it(wheel):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".py")}
    assert {"casco_watch/fixture_site/server.py", "casco_watch/fixture_site/site_data.py"} <= shipped.keys()
    for answer in ("expected_records", "status_overrides", "FaultySite"):
        assert not [name for name, text in shipped.items() if answer in text], answer

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


def readme_install_line(command: str) -> str:
    """The README's `python3 -m venv .venv && ... && .venv/bin/casco COMMAND` line, as written."""
    (line,) = [line.strip() for body in blocks("sh") for line in body.splitlines()
               if line.startswith("python3 -m venv") and line.strip().endswith(f".venv/bin/casco {command}")]
    return line


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A fresh clone of the committed HEAD, with `../shared` beside it as it sits beside the repository."""
    place = tmp_path_factory.mktemp("clone")
    run("git", "clone", "-q", REPO, place / "casco-watch", cwd=place)
    if (REPO.parent / "shared").is_dir():
        (place / "shared").symlink_to(REPO.parent / "shared")
    return place / "casco-watch"


@pytest.mark.slow
def test_the_readme_lines_run_verbatim_from_the_root_of_a_fresh_clone_with_a_plain_install(clone):
    demo = run("bash", "-c", readme_install_line("demo"), cwd=clone, timeout=1200)
    assert "COMPLETE" in demo.stdout and "memberships" in demo.stdout
    site_packages = next((clone / ".venv" / "lib").glob("python3*/site-packages"))
    assert (site_packages / "casco_watch" / "parsers").is_dir(), "not a plain install"
    on_path = f"PATH={clone / '.venv' / 'bin'}:$PATH "
    assert "COMPLETE" in run("bash", "-c", on_path + "casco reparse 2 --db output/demo.duckdb", cwd=clone).stdout
    with FixtureSite(STATES[0]) as site:
        crawl = run("bash", "-c", f"{readme_install_line('crawl')} --base-url {site.base_url} --delay 0", cwd=clone)
    assert "COMPLETE" in crawl.stdout and (clone / "output" / "casco.duckdb").is_file()
    archive = max((clone / "output" / "archive").glob("*-casco.warc.gz"))  # the crawl's: names start with the time
    replay = run("bash", "-c", on_path + f"casco crawl --replay {archive.relative_to(clone)}", cwd=clone)
    assert "COMPLETE" in replay.stdout
    if not (clone.parent / "shared" / "iso-open-data").is_dir():
        pytest.skip("the real ISO Open Data dumps (../shared/iso-open-data) are not beside this clone")
    (example,) = blocks("python")
    python = run(clone / ".venv" / "bin" / "python", "-c", example, cwd=clone)
    assert "'memberships_joined'" in python.stdout
