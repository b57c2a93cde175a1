"""`casco_watch.crawl` and `casco_watch.reparse`: the library's crawls, each one request, run in a child process.

They are the calls behind `casco crawl` and `casco reparse`: the command only renders what they return.
"""

import datetime as dt
import subprocess
import sys

import pytest
from click.testing import CliRunner

import casco_watch
from casco_watch.cli import main
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from casco_watch.runner.crawl_events import Planned
from tests.conftest import REPO
from tests.fixture_oracle import SMALL_COMMITTEE


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One real crawl of the fixture site through the library, with the events it reported."""
    db = tmp_path_factory.mktemp("crawled") / "casco.duckdb"
    events = []
    with FixtureSite(STATES[0]) as site:
        outcome = casco_watch.crawl(db, base_url=site.base_url, committees=(SMALL_COMMITTEE,), as_of=STATES[0], delay=0,
                                    on_event=events.append)
    return outcome, events


def test_a_crawl_returns_its_stored_snapshot_log_and_archive(crawled):
    outcome, events = crawled

    assert (outcome.snapshot.snapshot_id, str(outcome.snapshot.as_of), outcome.snapshot.status) == (1, STATES[0], "complete")
    assert outcome.exit_code == 0 and not outcome.skipped
    assert outcome.log_file.is_file() and outcome.log_file.parent == outcome.db.parent / "logs"
    assert outcome.archive.is_file() and outcome.archive.parent == outcome.db.parent / "archive"
    [planned] = [event for event in events if isinstance(event, Planned)]
    assert planned.plan.source == outcome.snapshot.source and f"committee {SMALL_COMMITTEE}" in planned.plan.what


def test_a_reparse_reads_the_archive_again_into_a_new_snapshot_that_supersedes_the_original(crawled):
    original, _ = crawled

    reparsed = casco_watch.reparse(original.db, original.snapshot.snapshot_id)

    snapshot = reparsed.snapshot
    assert (snapshot.snapshot_id, snapshot.derivation, snapshot.derived_from) == (2, "reparse", 1)
    assert (snapshot.as_of, snapshot.status, snapshot.records) == (
        original.snapshot.as_of, "complete", original.snapshot.records)
    assert reparsed.archive == original.archive


@pytest.mark.parametrize("arguments, option", [
    ({"base_url": "ftp://example.org"}, "--base-url"),
    ({"base_url": "http://127.0.0.1:1/?view=x"}, "--base-url"),
    ({"as_of": "2026-02-30"}, "--as-of"),
    ({"max_duration": 0}, "--max-duration"),
])
def test_a_bad_argument_is_refused_before_any_crawl_process_starts(tmp_path, arguments, option):
    with pytest.raises(casco_watch.CrawlArgumentError) as refused:
        casco_watch.crawl(tmp_path / "casco.duckdb", **arguments)

    assert refused.value.option == option
    assert not (tmp_path / "logs").exists() and not (tmp_path / "casco.duckdb").exists()


def test_a_date_after_today_is_refused_before_any_crawl_process_starts(tmp_path):
    with pytest.raises(casco_watch.FutureDateError):
        casco_watch.crawl(tmp_path / "casco.duckdb", as_of="2999-01-01")
    assert not (tmp_path / "logs").exists()


def test_a_snapshot_without_an_archive_cannot_be_reparsed(tmp_path):
    db = tmp_path / "casco.duckdb"
    stored = casco_watch.store_snapshot(db, [], source_kind="site", source="https://www.iso.org",
                                        scope="site:committees=54998", as_of=dt.date.fromisoformat(STATES[0])).snapshot

    with pytest.raises(casco_watch.NoArchive, match=f"snapshot {stored.snapshot_id} has no archive"):
        casco_watch.reparse(db, stored.snapshot_id)
    result = CliRunner().invoke(main, ["reparse", str(stored.snapshot_id), "--db", str(db)])

    assert result.exit_code == 1
    assert result.output.strip() == (f"casco: snapshot {stored.snapshot_id} has no archive (only site crawls keep "
                                     "one), so it cannot be re-parsed")


def test_reparse_of_a_snapshot_the_database_lacks_says_so(tmp_path):
    db = tmp_path / "casco.duckdb"
    casco_watch.store_snapshot(db, [], source_kind="site", source="https://www.iso.org",
                               scope="site:committees=54998", as_of=dt.date.fromisoformat(STATES[0]))

    with pytest.raises(casco_watch.SnapshotChoiceError, match="there is no snapshot 9"):
        casco_watch.reparse(db, 9)


def test_the_crawl_command_turns_a_refused_argument_into_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["crawl", "--base-url", "ftp://example.org", "--db", str(tmp_path / "x.duckdb")])

    assert result.exit_code == 2
    assert "Invalid value for --base-url: expected an absolute http:// or https:// URL" in result.output


def test_the_crawl_library_imports_neither_click_nor_scrapy_nor_twisted():
    """A fresh process: the test process has imported them all already."""
    code = ("import sys, casco_watch.library.crawling, casco_watch.library.replaying; "
            "print(sorted(m for m in ('click', 'scrapy', 'twisted') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-P", "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
