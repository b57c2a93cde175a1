"""`casco crawl` checks every argument and its --db before crawling: a bad one exits 2 at once, saying why."""

import datetime as dt
import os
import re
import time
from pathlib import Path

import duckdb
import pytest

from casco_watch.runner.crawl_options import setting_defaults, typed_settings
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.pipeline.store import open_database
from tests.dumps import write_dump
from tests.fixture_oracle import SMALL_COMMITTEE
from tests.test_layering import product_modules

AFTER_TODAY = (dt.date.today() + dt.timedelta(days=2)).isoformat()
"""Two days ahead, not one: the parameters are made at collection, and a run that crosses midnight must still see a
future date (CI once collected on one day and ran this test on the next, when 'tomorrow' had become today)."""
NOWHERE = ("--base-url", "http://127.0.0.1:9")
"""A closed loopback port: if a check ever let a bad value through, the crawl it started must not reach iso.org."""
AT_ONCE = 8.0
"""Seconds: the command's own start-up is under one; the margin is for a loaded machine, not for a crawl (2 s more)."""


def run_timed(casco, *args):
    started = time.monotonic()
    result = casco("crawl", *args)
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    "options, message",
    [
        (("--as-of", "2026-02-30"), "Invalid value for '--as-of': expected a date like 2026-11-27, not '2026-02-30'"),
        (("--as-of", AFTER_TODAY), f"Invalid value for '--as-of': the as-of date {AFTER_TODAY} is after today"),
        (("--base-url", "not-a-url"), "Invalid value for --base-url: expected an absolute http:// or https:// URL"),
        (("--base-url", "ftp://www.iso.org"), "Invalid value for --base-url: expected an absolute http:// or https:// URL"),
        (("--set", "DOWNLOAD_TIMEOUT=abc"), "DOWNLOAD_TIMEOUT takes a number (its default is 60.0), not 'abc'"),
        (("--set", "RETRY_TIMES=2.5"), "RETRY_TIMES takes a whole number (its default is 4), not '2.5'"),
        (("--set", "ROBOTSTXT_OBEY=maybe"), "ROBOTSTXT_OBEY takes true or false"),
        (("--set", "DOWNLOADER_MIDDLEWARES=[1]"), "DOWNLOADER_MIDDLEWARES takes a JSON object"),
        (("--set", "NOEQUALS"), "expected NAME=VALUE"),
        (("--delay", "-5"), "Invalid value for '--delay': -5.0 is not in the range x>=0"),
        (("--max-duration", "0"), "Invalid value for '--max-duration': 0.0 is not in the range x>0"),
        (("--committee", "0"), "Invalid value for '--committee': 0 is not in the range 1<=x<=9223372036854775807"),
        (("--base-url", "https://www.iso.org/?lang=en"), "the site's root, to which page paths are added"),
        (("--base-url", "https://www.iso.org/#top"), "without a query string or fragment"),
        (("--notify", "notaurl"), "Invalid value for '--notify': 'notaurl' is not a notification URL"),
        (("--source", "opendata", "--dataset", "https://"), "Invalid value for --dataset"),
    ],
)
def test_a_bad_value_exits_2_at_once_and_says_why(casco, tmp_path, options, message):
    db = tmp_path / "casco.duckdb"
    guard = () if {"--base-url", "--source"} & set(options) else NOWHERE
    result, seconds = run_timed(casco, *guard, *options, "--db", db)

    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert seconds < AT_ONCE
    assert not db.exists()
    assert not (tmp_path / "logs").exists(), "no crawl was started"


def test_credentials_in_the_base_url_are_refused_and_never_printed(casco, tmp_path):
    result, _ = run_timed(casco, "--base-url", "https://reader:s3cret-pw@mirror.example.org", "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert "'https://***@mirror.example.org' carries credentials" in result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr


def test_a_file_that_is_not_a_casco_database_is_refused_before_crawling_and_left_alone(casco, tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("my notes", encoding="utf-8")
    result, seconds = run_timed(casco, "--db", db)

    assert result.returncode == 2
    assert "Invalid value for --db" in result.stderr and str(db) in result.stderr
    assert seconds < AT_ONCE
    assert db.read_text(encoding="utf-8") == "my notes"


def test_a_duckdb_file_of_another_application_is_refused(casco, tmp_path):
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE invoices (id INTEGER)")
    result, _ = run_timed(casco, "--db", db)

    assert result.returncode == 2
    assert "holds tables but is not a casco-watch database; choose another --db path" in result.stderr


def test_a_database_from_a_newer_casco_watch_is_refused(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE casco_meta SET value = '99' WHERE key = 'schema_version'")
    result, _ = run_timed(casco, "--db", db)

    assert result.returncode == 2
    assert "was written by a newer casco-watch (schema 99" in result.stderr


def test_a_db_path_that_cannot_be_created_is_refused(casco, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result, _ = run_timed(casco, "--db", blocker / "casco.duckdb")

    assert result.returncode == 2
    assert f"cannot create the folder {blocker}" in result.stderr


READ_ONLY_FOLDER = Path("/proc/self")
"""A folder no one may create files in, root included (root ignores a chmod'ed folder's mode; CI runs as root)."""


@pytest.mark.skipif(not READ_ONLY_FOLDER.is_dir(), reason="needs Linux's /proc for a folder read-only even to root")
@pytest.mark.parametrize("command", ["crawl", "import-opendata"])
def test_a_db_in_a_read_only_folder_is_refused(casco, tmp_path, command):
    assert not os.access(READ_ONLY_FOLDER, os.W_OK)
    dump = () if command == "crawl" else (write_dump(tmp_path, "2025-08-06"),)
    result = casco(command, *dump, "--db", READ_ONLY_FOLDER / "casco.duckdb")

    assert result.returncode == 2, result.stdout + result.stderr
    assert f"the folder {READ_ONLY_FOLDER} is not writable" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failure_inside_the_crawl_process_reaches_stderr(casco, tmp_path):
    with FixtureSite() as site:
        result = casco("crawl", "--base-url", site.base_url, "--delay", 0, "--db", tmp_path / "casco.duckdb",
                       "--set", 'DOWNLOADER_MIDDLEWARES={"no_such_module.Middleware": 100}')

    assert result.returncode == 1
    assert "the casco crawl stopped (exit code 1) before storing a snapshot" in result.stderr
    assert "the casco crawl could not run: ModuleNotFoundError: No module named 'no_such_module'" in result.stderr


def test_an_unknown_setting_is_warned_about_and_passed_on(casco, tmp_path):
    with FixtureSite() as site:
        result = casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--delay", 0,
                       "--db", tmp_path / "casco.duckdb", "--set", "CASCO_NO_SUCH_SETTING=1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: CASCO_NO_SUCH_SETTING is not a Scrapy or casco-watch setting (a typo?)" in result.stderr


def test_a_host_that_does_not_resolve_is_given_up_at_once_with_a_hint_to_try_the_demo(casco, tmp_path):
    """RFC 6761: `.invalid` never resolves, so nothing leaves the machine. Before, DNS failures were retried
    four times with backoff, twice (robots.txt, then the page): a minute of waiting and no hint."""
    result = casco("crawl", "--base-url", "http://casco-watch.invalid/", "--db", tmp_path / "casco.duckdb",
                   "--delay", 0)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "waiting" not in result.stderr
    assert ("cannot reach casco-watch.invalid (DNS lookup failed): no network? Try `casco demo` to see casco-watch "
            "work offline") in result.stdout
    assert "The host name could not be resolved: check --base-url, and this machine's network and DNS." in result.stderr
    with duckdb.connect(str(tmp_path / "casco.duckdb"), read_only=True) as con:
        assert con.execute("SELECT DISTINCT cause FROM pages WHERE outcome = 'lost'").fetchall() == [("no_network",)]
    assert re.search(r"crawl finished after \d+(\.\d+)? s\b", result.stderr), result.stderr


def test_every_casco_setting_the_code_reads_is_declared_so_set_takes_it_without_a_typo_warning():
    read = {name for module in product_modules() for name in
            re.findall(r"""settings(?:\.get\w*\(|\[)["'](CASCO_\w+)["']""", module.read_text(encoding="utf-8"))}
    assert {"CASCO_LOCK_TIMEOUT", "CASCO_AS_OF", "CASCO_DERIVATION", "CASCO_DERIVED_FROM", "CASCO_DB"} <= read
    assert read - set(setting_defaults()) == set()
    warnings = []

    typed = typed_settings(["CASCO_LOCK_TIMEOUT=5", "CASCO_AS_OF=2026-11-01", "CASCO_DERIVATION=reparse"], warnings.append)

    assert warnings == []
    assert typed == {"CASCO_LOCK_TIMEOUT": 5.0, "CASCO_AS_OF": "2026-11-01", "CASCO_DERIVATION": "reparse"}
