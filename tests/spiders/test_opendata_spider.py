"""spiders.opendata: where the dataset comes from, how it is unpacked, which date the snapshot gets."""

import datetime as dt
import gzip
import hashlib
import json

import duckdb
import pytest
import scrapy
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import casco_watch
from casco_watch.runner.crawl_events import CrawlWarning
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.schemas import Committee, LossCause, MemberBody, PageFailure, PageVisit, RecordBatch, Reject
from casco_watch.parsers.opendata import dataset_lines
from casco_watch.spiders.opendata import LATEST_URL, OpenDataSpider

LINES = [
    {"id": 53882, "reference": "ISO/TC 176", "status": "Active", "title": {"en": "Quality management"},
     "secretariat": {"id": 1619, "acronym": "SCC"}, "creationDate": "1979-01-01", "scope": None, "parentId": None,
     "childrenId": None, "pMembers": [{"id": 1619, "acronym": "SCC"}], "oMembers": None,
     "committeeLiaisons": None, "organizationLiaisons": None, "sortKey": "ISO/TC 176"},
    {"id": 53896, "reference": "ISO/TC 176/SC 1", "status": "Active", "title": {"en": "Concepts and terminology"},
     "secretariat": {"id": 1619, "acronym": "SCC"}, "creationDate": "1980-01-01", "scope": None, "parentId": 53882,
     "childrenId": None, "pMembers": [{"id": 1619, "acronym": "SCC"}], "oMembers": None,
     "committeeLiaisons": None, "organizationLiaisons": None, "sortKey": "ISO/TC 176/SC 1"},
]
PLAIN = ("\n".join(json.dumps(line) for line in LINES) + "\n").encode()


def items_of(spider, body, headers=None):
    return list(spider.parse(Response(url=spider.url, body=body, headers=headers or {})))


def records_of(items):
    return [record for item in items if isinstance(item, RecordBatch) for record in item.records]


def test_the_spider_describes_its_snapshot():
    spider = OpenDataSpider()
    assert (spider.name, spider.source_kind, spider.scope) == ("opendata", "opendata", "opendata:iso_technical_committees")
    assert (spider.source, spider.url, spider.as_of) == (LATEST_URL, LATEST_URL, None)
    assert spider.covers == ["committees", "memberships", "liaisons", "member_bodies", "organizations"]
    assert list(spider.committee_ids) == []
    assert spider.page_kinds == {"dataset"}


def test_a_local_path_is_read_as_a_file_url_and_kept_as_given_for_the_record(tmp_path):
    path = tmp_path / "dump.jsonl"
    spider = OpenDataSpider(dataset=str(path))
    assert (spider.source, spider.url) == (str(path), path.as_uri())
    assert OpenDataSpider(dataset=path.as_uri()).url == path.as_uri()


@pytest.mark.parametrize("body", [PLAIN, gzip.compress(PLAIN)], ids=["plain", "gzip"])
def test_gzip_is_known_by_its_magic_bytes_not_its_name(body):
    assert dataset_lines(body) == PLAIN.split(b"\n")


def test_lines_are_cut_at_newlines_only():
    line = json.dumps({"title": "a\u2028b"}, ensure_ascii=False).encode()
    assert dataset_lines(line + b"\n") == [line, b""]


def test_a_dump_yields_its_records_once_then_a_visit(tmp_path):
    spider = OpenDataSpider(dataset=str(tmp_path / "dump.jsonl"), as_of="2025-07-02")
    items = items_of(spider, gzip.compress(PLAIN))
    records = records_of(items)
    assert items[-1] == PageVisit(url=spider.url, page_kind="dataset")
    assert [r.committee_id for r in records if isinstance(r, Committee)] == [53882, 53896]
    assert records.count(MemberBody(member_id=1619, acronym="SCC")) == 1
    assert not any(isinstance(r, Reject) for r in records)


def test_an_unreadable_line_is_a_reject_with_its_line_number(tmp_path):
    spider = OpenDataSpider(dataset=str(tmp_path / "dump.jsonl"))
    (reject,) = [r for r in records_of(items_of(spider, PLAIN + b"{oops\n")) if isinstance(r, Reject)]
    assert (reject.line_number, reject.source_url) == (3, str(tmp_path / "dump.jsonl"))


def test_a_broken_gzip_file_is_a_lost_dataset_not_a_crash(tmp_path):
    spider = OpenDataSpider(dataset=str(tmp_path / "dump.jsonl.gz"))
    (failure,) = items_of(spider, gzip.compress(PLAIN)[:40])
    assert isinstance(failure, PageFailure) and failure.reason.startswith("not a readable gzip file")


@pytest.mark.parametrize(
    ("as_of", "headers", "dataset", "expected"),
    [
        ("2025-01-31", {"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"}, "d-2025-06-11.jsonl", dt.date(2025, 1, 31)),
        (None, {"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"}, "d-2025-06-11.jsonl", dt.date(2025, 6, 11)),
        (None, {"Last-Modified": "not a date"}, "d-2025-06-11.jsonl", dt.date(2025, 6, 11)),
        (None, {"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"}, "iso_technical_committees.jsonl",
         dt.date(2025, 7, 2)),
        (None, {}, "iso_technical_committees.jsonl", None),
    ],
    ids=["argument", "file-name-over-last-modified", "file-name", "last-modified", "none"],
)
def test_as_of_is_the_argument_else_the_file_name_else_last_modified(as_of, headers, dataset, expected):
    spider = OpenDataSpider.from_crawler(get_crawler(OpenDataSpider), dataset=f"/dumps/{dataset}", as_of=as_of)
    items_of(spider, PLAIN, headers)
    assert spider.as_of == expected


def test_a_bad_as_of_is_refused():
    with pytest.raises(ValueError, match="as_of must be a date"):
        OpenDataSpider(as_of="July 2025")


def test_a_lost_download_is_a_page_failure_dated_by_the_file_name():
    spider = OpenDataSpider(dataset="/dumps/iso_technical_committees-2025-08-13.jsonl.gz")
    failure = Failure(FileNotFoundError("no such file"))
    failure.request = scrapy.Request(spider.url, meta={"page_kind": "dataset"})
    (lost,) = spider.dataset_lost(failure)
    assert lost == PageFailure(url=spider.url, page_kind="dataset", cause=LossCause.OTHER,
                                 reason="FileNotFoundError: no such file")
    assert spider.as_of == dt.date(2025, 8, 13)


# --- real crawls, over HTTP on 127.0.0.1 and from a missing file ---------------------------------------------


def test_a_crawl_over_http_is_dated_by_last_modified_and_the_library_finds_the_same_file_stored(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    body = gzip.compress(PLAIN)
    httpserver.expect_request("/opendata/iso_technical_committees.jsonl").respond_with_data(
        body, content_type="application/octet-stream",
        headers={"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"},
    )
    url = httpserver.url_for("/opendata/iso_technical_committees.jsonl")
    outcome = run_crawl(CrawlRequest(tmp_path / "casco.duckdb", "opendata", {"dataset": url}))
    assert (outcome.snapshot.status, outcome.snapshot.as_of, outcome.snapshot.reasons) == ("complete", dt.date(2025, 7, 2), [])
    assert outcome.snapshot.records == {"Committee": 2, "MemberBody": 1, "Membership": 2}
    with duckdb.connect(str(tmp_path / "casco.duckdb"), read_only=True) as con:
        assert con.execute("SELECT source, scope FROM snapshots").fetchall() == [(url, "opendata:iso_technical_committees")]

    again = casco_watch.load_opendata(url, tmp_path / "casco.duckdb")
    assert again.skipped and again.snapshot.snapshot_id == outcome.snapshot.snapshot_id
    assert outcome.snapshot.content_digest == f"sha256:{hashlib.sha256(body).hexdigest()}"


def test_a_crawl_over_http_of_a_named_dump_is_dated_by_its_name_not_last_modified(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    path = "/kept/iso_technical_committees-2025-08-13.jsonl"
    httpserver.expect_request(path).respond_with_data(PLAIN, headers={"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"})
    events = []
    outcome = run_crawl(CrawlRequest(tmp_path / "casco.duckdb", "opendata", {"dataset": httpserver.url_for(path)}),
                        on_event=events.append)
    assert (outcome.snapshot.status, outcome.snapshot.as_of) == ("complete", dt.date(2025, 8, 13))
    said = "wins over the server's Last-Modified date 2025-07-02"
    assert said in outcome.log_file.read_text(encoding="utf-8")
    assert [event.message for event in events if isinstance(event, CrawlWarning)] == [
        f"{httpserver.url_for(path)} is dated 2025-08-13 by its name, which {said}; give --as-of if the name is wrong"]


def test_a_missing_file_fails_the_snapshot_at_once_with_its_reason(tmp_path):
    missing = tmp_path / "iso_technical_committees-2025-08-13.jsonl.gz"
    outcome = run_crawl(CrawlRequest(tmp_path / "casco.duckdb", "opendata", {"dataset": str(missing)}))
    assert (outcome.snapshot.status, outcome.snapshot.as_of) == ("failed", dt.date(2025, 8, 13))
    assert any("FileNotFoundError" in reason and missing.as_uri() in reason for reason in outcome.snapshot.reasons)


def test_a_dataset_with_no_date_anywhere_is_refused_never_dated_today(httpserver, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/opendata/iso_technical_committees.jsonl").respond_with_data(PLAIN)
    url = httpserver.url_for("/opendata/iso_technical_committees.jsonl")
    outcome = run_crawl(CrawlRequest(tmp_path / "casco.duckdb", "opendata", {"dataset": url}))
    assert outcome.snapshot.status == "failed"
    assert any(reason.endswith(f"cannot tell the date of {url}: no --as-of, no Last-Modified header and no date in "
                               "its name (iso_technical_committees-YYYY-MM-DD.jsonl.gz); give --as-of YYYY-MM-DD")
               for reason in outcome.snapshot.reasons)
    assert outcome.snapshot.records == {}
