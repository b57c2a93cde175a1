"""The README's install lines, run from the root of a fresh clone of the committed HEAD, with a plain install, and
what that install carries.

They must work there, where the clone's `casco_watch/` folder sits in the current directory beside the installed
package, and the installed command must work from an empty directory too, where nothing can come from a source
tree. The plain install is the wheel `pip install .` builds, unpacked: it must carry every module under
`casco_watch`, no generic top-level name and not the tests' answers about the fixture site.

What is pinned here is the project's own install, not PyPI's: the clone's `.venv` is made first with a `.pth`
naming this suite's site-packages, so `pip install .` finds scrapy, duckdb and the rest already there (compiled)
and builds and installs only casco-watch, plainly, into the clone's environment (about 10 CPU-s instead of 36 for
two full installs). `bash .ci/run` installs every dependency into a fresh environment on each run.
"""

import os
import subprocess
import sysconfig
from importlib.metadata import Distribution
from pathlib import Path

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from casco_watch.source_tree import package_folders
from tests.conftest import REPO
from tests.fixture_oracle import SMALL_COMMITTEE
from tests.test_readme import blocks

pytestmark = pytest.mark.process

MAPPED = package_folders(REPO, "casco_watch")
"""The subpackages pyproject.toml maps from folders at the repository root (`casco_watch.parsers` from `parsers/`)."""
GENERIC_NAMES = ("tests", *(folder.name for folder in MAPPED.values()))


def run(*command, cwd, timeout=600):
    """Run with no PYTHONPATH (tests/conftest.py sets one for crawl children), so only the install is seen.

    pip compiles no bytecode (PIP_COMPILE=false): Python writes it for the modules a command imports."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"} | {"PIP_COMPILE": "false"}
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=env)
    assert result.returncode == 0, f"{command}: {result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def readme_install_line(command: str) -> tuple[str, str]:
    """The README's `INSTALL && .venv/bin/casco COMMAND` line, as written, split into its install and its command."""
    (line,) = [line.strip() for body in blocks("sh") for line in body.splitlines()
               if line.startswith("python3 -m venv") and line.strip().endswith(f".venv/bin/casco {command}")]
    install, _, casco = line.rpartition(" && ")
    return install, casco


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A fresh clone of the committed HEAD, with `../shared` beside it as it sits beside the repository, and a
    `.venv` that sees this suite's installed dependencies (after the clone's own site-packages)."""
    place = tmp_path_factory.mktemp("clone")
    run("git", "clone", "-q", REPO, place / "casco-watch", cwd=place)
    if (REPO.parent / "shared").is_dir():
        (place / "shared").symlink_to(REPO.parent / "shared")
    clone = place / "casco-watch"
    run("python3", "-m", "venv", ".venv", cwd=clone)
    (clone_site_packages(clone) / "suite_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return clone


def clone_site_packages(clone: Path) -> Path:
    return next((clone / ".venv" / "lib").glob("python3*/site-packages"))


@pytest.fixture(scope="module")
def installed(clone) -> Path:
    """The clone's site-packages once the README's install (the same in both its lines) has run from its root."""
    install = readme_install_line("demo")[0]
    assert readme_install_line("crawl")[0] == install, "both lines install the same way"
    run("bash", "-c", install, cwd=clone, timeout=1200)
    return clone_site_packages(clone)


def installed_files(site_packages: Path) -> list[str]:
    """The paths the install wrote into site-packages, as its RECORD lists them (the wheel's contents but the
    console script, which goes to `bin/`)."""
    (dist_info,) = site_packages.glob("casco_watch-*.dist-info")
    return [path.as_posix() for path in Distribution.at(dist_info).files if path.parts[0] != ".."]


def test_the_install_carries_every_module_under_casco_watch_and_no_generic_top_level_name(installed):
    names = installed_files(installed)
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"casco_watch"}, "a plain install, not an editable one, and no generic top-level name"
    assert MAPPED, "pyproject.toml maps schemas/, parsers/, spiders/ and pipeline/ into casco_watch"
    for package, folder in {"casco_watch": REPO / "casco_watch", **MAPPED}.items():
        for module in folder.rglob("*.py"):
            assert f"{package.replace('.', '/')}/{module.relative_to(folder).as_posix()}" in names, module
    assert "casco_watch/pipeline/sql/history.sql" in names
    assert not [generic for generic in GENERIC_NAMES if (installed / generic).exists()]


def test_the_install_ships_the_fixture_site_but_not_the_tests_answers_about_it(installed):
    shipped = {name: (installed / name).read_text(encoding="utf-8") for name in installed_files(installed)
               if name.startswith("casco_watch/") and name.endswith(".py")}
    assert {"casco_watch/fixture_site/server.py", "casco_watch/fixture_site/site_data.py"} <= shipped.keys()
    for answer in ("expected_records", "status_overrides", "FaultySite"):
        assert not [name for name, text in shipped.items() if answer in text], answer


@pytest.mark.slow
def test_the_readme_lines_run_verbatim_from_the_root_of_a_fresh_clone_with_a_plain_install(clone, installed):
    demo_command = readme_install_line("demo")[1]
    assert "COMPLETE" in (demo := run("bash", "-c", demo_command, cwd=clone).stdout) and "memberships" in demo
    empty = clone.parent / "empty"
    empty.mkdir()
    casco = clone / ".venv" / "bin" / "casco"
    assert "crawl" in run(casco, "--help", cwd=empty).stdout
    statuses = run(casco, "query", "SELECT status FROM snapshots ORDER BY snapshot_id", "--format", "csv",
                   "--db", clone / "output" / "demo.duckdb", cwd=empty)
    assert statuses.stdout.split() == ["status", "complete", "complete"], "the demo's two crawls"
    crawl_command = readme_install_line("crawl")[1]
    with FixtureSite(STATES[0]) as site:
        crawl = run("bash", "-c", f"{crawl_command} --base-url {site.base_url} --delay 0 --committee {SMALL_COMMITTEE}",
                    cwd=clone)
    assert "COMPLETE" in crawl.stdout and (clone / "output" / "casco.duckdb").is_file()
    on_path = f"PATH={clone / '.venv' / 'bin'}:$PATH "
    assert "COMPLETE" in run("bash", "-c", on_path + "casco reparse 1", cwd=clone).stdout
    archive = max((clone / "output" / "archive").glob("*-casco.warc.gz"))  # the crawl's: names start with the time
    replay = run("bash", "-c", on_path + f"casco crawl --replay {archive.relative_to(clone)}", cwd=clone)
    assert "COMPLETE" in replay.stdout
    if not (clone.parent / "shared" / "iso-open-data").is_dir():
        pytest.skip("the real ISO Open Data dumps (../shared/iso-open-data) are not beside this clone")
    (example,) = blocks("python")
    python = run(clone / ".venv" / "bin" / "python", "-c", example, cwd=clone)
    assert "'memberships_joined'" in python.stdout
