"""The README's install lines, run from the root of a fresh clone of the committed HEAD, with a plain install.

They must work there, where the clone's `casco_watch/` folder sits in the current directory beside the installed
package, and the installed command must work from an empty directory too, where nothing can come from a source
tree. tests/test_packaging.py checks the wheel's contents.

What is pinned here is the project's own install, not PyPI's: the clone's `.venv` is made first with a `.pth`
naming this suite's site-packages, so `pip install .` finds scrapy, duckdb and the rest already there (compiled)
and builds and installs only casco-watch, plainly, into the clone's environment (about 10 CPU-s instead of 36 for
two full installs). `bash .ci/run` installs every dependency into a fresh environment on each run.
"""

import sysconfig
from pathlib import Path

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from tests.fixture_oracle import SMALL_COMMITTEE
from tests.test_packaging import GENERIC_NAMES, REPO, run
from tests.test_readme import blocks

pytestmark = pytest.mark.process


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


@pytest.mark.slow
def test_the_readme_lines_run_verbatim_from_the_root_of_a_fresh_clone_with_a_plain_install(clone):
    install, demo_command = readme_install_line("demo")
    assert readme_install_line("crawl")[0] == install, "both lines install the same way"
    run("bash", "-c", install, cwd=clone, timeout=1200)
    site_packages = clone_site_packages(clone)
    assert (site_packages / "casco_watch" / "parsers").is_dir(), "not a plain install"
    assert not [generic for generic in GENERIC_NAMES if (site_packages / generic).exists()]
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
