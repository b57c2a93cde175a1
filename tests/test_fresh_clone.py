"""The README's install lines, run verbatim from the root of a fresh clone of the committed HEAD, with a plain install.

They must work there, where the clone's `casco_watch/` folder sits in the current directory beside the installed
package, and the installed command must work from an empty directory too, where nothing can come from a source
tree. tests/test_packaging.py checks the wheel's contents.
"""

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from tests.test_packaging import GENERIC_NAMES, REPO, run
from tests.test_readme import blocks

pytestmark = pytest.mark.process


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
    assert not [generic for generic in GENERIC_NAMES if (site_packages / generic).exists()]
    empty = clone.parent / "empty"
    empty.mkdir()
    casco = clone / ".venv" / "bin" / "casco"
    assert "crawl" in run(casco, "--help", cwd=empty).stdout
    statuses = run(casco, "query", "SELECT status FROM snapshots ORDER BY snapshot_id", "--format", "csv",
                   "--db", clone / "output" / "demo.duckdb", cwd=empty)
    assert statuses.stdout.split() == ["status", "complete", "complete"], "the demo's two crawls"
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
