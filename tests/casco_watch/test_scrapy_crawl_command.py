"""`scrapy crawl` of this project exits with the stored snapshot's status, as `casco crawl` does."""

import pytest

from casco_watch.fixture_site.site_data import STATES
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite
from tests.spiders.test_site_crawl import scrapy_command, snapshot


@pytest.mark.parametrize(
    ("overrides", "status", "exit_code", "level"),
    [
        ({"/member/2064.html": 404}, "partial", 3, "WARNING"),
        ({"*": 403}, "failed", 1, "ERROR"),
    ],
)
def test_an_incomplete_snapshot_gives_its_exit_code_and_a_final_line(tmp_path, overrides, status, exit_code, level):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], status_overrides=overrides) as site:
        result = scrapy_command("crawl", "casco", "-a", f"base_url={site.base_url}", "-a", f"committees={SMALL_COMMITTEE}",
                                "-a", f"as_of={STATES[0]}",
                                "-s", f"CASCO_DB={db}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0")

    assert result.returncode == exit_code, result.stderr[-2000:]
    assert snapshot(db, 1)[0] == status
    last = [line for line in result.stderr.splitlines() if "casco-watch: snapshot" in line]
    assert len(last) == 1 and last[0].endswith(
        f"[casco_watch.crawl] {level}: casco-watch: snapshot 1 (as of {STATES[0]}) in {db} is {status.upper()}. "
        f"Exit {exit_code}")


def test_scrapy_lists_the_crawl_command_as_the_projects_own():
    result = scrapy_command("crawl", "--help")
    assert result.returncode == 0
    assert "Run a spider; exit 0 when its snapshot is complete" in result.stdout
