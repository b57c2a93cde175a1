"""The item pipelines, driven by a real Scrapy crawl of a real local page, store exactly what they were given."""

import json

import duckdb
import pytest

from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest

STUB_SETTINGS = {"SPIDER_MODULES": "tests.pipeline.stub_spiders", "AUTOTHROTTLE_ENABLED": False,
                 "DOWNLOAD_DELAY": 0, "CASCO_RETRY_BACKOFF_BASE": 0.01, "RETRY_TIMES": 1}

COMMITTEE = {"record_type": "Committee", "committee_id": 54998, "reference": "ISO/CASCO",
             "title": "Committee on conformity assessment", "participating_members": 2, "observing_members": 1}
MEMBERSHIPS = [
    {"record_type": "Membership", "committee_id": 54998, "member_id": 1619, "status": "P"},
    {"record_type": "Membership", "committee_id": 54998, "member_id": 2064, "status": "P", "is_secretariat": True},
    {"record_type": "Membership", "committee_id": 54998, "member_id": 2188, "status": "O"},
]


@pytest.fixture
def page_url(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/page").respond_with_data("<html><body>a page</body></html>", content_type="text/html")
    return httpserver.url_for("/page")


def crawl_stub(tmp_path, page_url, items, **spider_args):
    items_file = tmp_path / f"items-{len(list(tmp_path.iterdir()))}.json"
    items_file.write_text(json.dumps(items), encoding="utf-8")
    return run_crawl(CrawlRequest(tmp_path / "casco.duckdb", "stub",
                                  {"page_url": page_url, "items_file": str(items_file), **spider_args}, STUB_SETTINGS))


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_crawl_stores_exactly_the_records_it_was_given(tmp_path, page_url):
    outcome = crawl_stub(tmp_path, page_url, [COMMITTEE, *MEMBERSHIPS], as_of="2026-11-01")

    assert (outcome.snapshot.snapshot_id, outcome.snapshot.status, outcome.snapshot.reasons) == (1, "complete", [])
    assert outcome.snapshot.records == {"Committee": 1, "Membership": 3}
    db = tmp_path / "casco.duckdb"
    assert rows(db, "SELECT snapshot_id, committee_id, member_id, status, is_secretariat FROM memberships ORDER BY member_id") == [
        (1, 54998, 1619, "P", False), (1, 54998, 2064, "P", True), (1, 54998, 2188, "O", False)]
    assert rows(db, "SELECT committee_id, reference, title, participating_members, observing_members, scope FROM committees") == [
        (54998, "ISO/CASCO", "Committee on conformity assessment", 2, 1, None)]
    ((*snapshot, records, rejected),) = rows(
        db, "SELECT as_of::VARCHAR, status, source_kind, scope, spiders, covers, records, rejected FROM snapshots")
    assert snapshot == ["2026-11-01", "complete", "site", "stub", ["stub"], ["committees", "memberships"]]
    assert (json.loads(records), json.loads(rejected)) == ({"Committee": 1, "Membership": 3}, {})
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]


def test_an_invalid_record_goes_to_rejects_and_makes_the_snapshot_partial(tmp_path, page_url):
    bad = {"record_type": "Membership", "committee_id": 54998, "member_id": 2188, "status": "Observer"}
    outcome = crawl_stub(tmp_path, page_url, [COMMITTEE, *MEMBERSHIPS[:2], bad])

    assert outcome.snapshot.status == "partial"
    assert outcome.snapshot.rejected == {"Membership": 1}
    assert outcome.exit_code == 3
    assert any(reason.startswith("1 Membership record(s) failed validation (status: Input should be 'P' or 'O'")
               and reason.endswith("; see the rejects table)") for reason in outcome.snapshot.reasons)
    assert "found 0 observing members, the committee page of ISO/CASCO declares 1" in " ".join(outcome.snapshot.reasons)
    db = tmp_path / "casco.duckdb"
    ((record_type, payload, errors),) = rows(db, "SELECT record_type, payload, errors FROM rejects")
    assert record_type == "Membership"
    assert json.loads(payload) == {"committee_id": 54998, "member_id": 2188, "status": "Observer"}
    assert errors == ["status: Input should be 'P' or 'O' (got 'Observer')"]
    assert rows(db, "SELECT count(*) FROM memberships") == [(2,)]


def test_a_refused_page_fails_the_snapshot_and_stores_no_records(tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("Forbidden", status=403)
    outcome = crawl_stub(tmp_path, httpserver.url_for("/page"), [COMMITTEE, *MEMBERSHIPS])

    assert outcome.snapshot.status == "failed"
    assert outcome.exit_code == 1
    assert outcome.snapshot.pages_by_status["403"] == 1
    assert outcome.snapshot.reasons[0].startswith("the site refused the crawler: HTTP 403 on 1 page(s)")
    assert "slower rate" in outcome.snapshot.reasons[0] and "mirror base URL" in outcome.snapshot.reasons[0]
    db = tmp_path / "casco.duckdb"
    assert rows(db, "SELECT status, records::VARCHAR FROM snapshots") == [("failed", "{}")]
    assert rows(db, "SELECT count(*) FROM memberships") == [(0,)]


def test_snapshots_accumulate_and_earlier_ones_stay_untouched(tmp_path, page_url):
    crawl_stub(tmp_path, page_url, [COMMITTEE, *MEMBERSHIPS], as_of="2026-10-01")
    second = crawl_stub(tmp_path, page_url, [COMMITTEE, *MEMBERSHIPS[:2],
                                             {**MEMBERSHIPS[2], "status": "P"}], as_of="2026-11-01")

    assert second.snapshot.snapshot_id == 2
    db = tmp_path / "casco.duckdb"
    assert rows(db, "SELECT snapshot_id, status FROM memberships WHERE member_id = 2188 ORDER BY 1") == [(1, "O"), (2, "P")]
    assert second.snapshot.status == "partial"
    assert "found 3 participating members, the committee page of ISO/CASCO declares 2" in " ".join(second.snapshot.reasons)


def test_conflicting_records_for_one_key_are_reported(tmp_path, page_url):
    outcome = crawl_stub(tmp_path, page_url, [COMMITTEE, *MEMBERSHIPS, {**MEMBERSHIPS[0], "status": "O"}])

    assert outcome.snapshot.status == "partial"
    assert any(reason.startswith("conflicting Membership records for (54998, 1619): status: 'P' vs 'O'")
               for reason in outcome.snapshot.reasons)
