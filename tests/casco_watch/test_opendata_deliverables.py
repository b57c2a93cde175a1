"""ISO Open Data deliverables, from hand-written JSON lines and CSV: recognised by their fields, streamed, stored."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json

import duckdb
import pytest

from click.testing import CliRunner

import casco_watch
from casco_watch.cli import main
from casco_watch.library.opendata import DatasetError
from casco_watch.parsers.opendata_deliverables import deliverable_rows, parse_deliverable, status_of_stage
from casco_watch.schemas import Deliverable, Reject

CASCO, TC_176 = 54998, 53882

LINES = [
    {"id": 66912, "deliverableType": "IS", "supplementType": None, "reference": "ISO/IEC 17025:2017",
     "publicationDate": "2017-11-29", "edition": 3, "icsCode": ["03.120.20"], "ownerCommittee": "ISO/CASCO",
     "currentStage": 9092, "replaces": [39883], "replacedBy": [83956], "languages": ["en", "fr"],
     "pages": {"en": 30}, "scope": {"en": "This document specifies..."},
     "title": {"en": "General requirements for the competence of testing and calibration laboratories"}},
    {"id": 83956, "deliverableType": "IS", "supplementType": None, "reference": "ISO/IEC DIS 17025",
     "publicationDate": None, "edition": 4, "icsCode": ["03.120.20"], "ownerCommittee": "ISO/CASCO",
     "currentStage": 4020, "replaces": [66912], "replacedBy": [], "languages": ["en"], "pages": None, "scope": None},
    {"id": 39883, "deliverableType": "IS", "supplementType": None, "reference": "ISO/IEC 17025:2005",
     "publicationDate": "2005-05-12", "edition": 2, "icsCode": [], "ownerCommittee": "ISO/CASCO",
     "currentStage": 9599, "replaces": [], "replacedBy": [66912], "languages": ["en"], "pages": {"en": 28}},
    {"id": 62085, "deliverableType": "IS", "supplementType": None, "reference": "ISO 9001:2015",
     "publicationDate": "2015-09-15", "edition": 5, "icsCode": ["03.100.70"], "ownerCommittee": "ISO/TC 176/SC 2",
     "currentStage": 9093, "replaces": [46486], "replacedBy": [], "languages": ["en"], "pages": {"en": 29}},
]


def jsonl(tmp_path, lines, name="iso_deliverables_metadata-2026-11-02.jsonl.gz"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(b"".join(json.dumps(line).encode() + b"\n" for line in lines)))
    return path


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(("stage", "status"), [
    ("20.00", "under_development"), ("30.98", "deleted"), ("60.00", "under_development"), ("60.60", "published"),
    ("90.93", "published"), ("95.20", "published"), ("95.99", "withdrawn"),
])
def test_the_status_follows_from_the_stage(stage, status):
    assert status_of_stage(stage) == status


def test_a_line_reads_to_a_deliverable_and_an_unknown_owner_or_stage_is_a_reject():
    owners = {"ISO/CASCO": CASCO}.get
    [(number, row)] = list(deliverable_rows([json.dumps(LINES[0]).encode()], "x"))
    assert parse_deliverable(row, number, "x", owners) == Deliverable(
        deliverable_id=66912, committee_id=CASCO, reference="ISO/IEC 17025:2017",
        title="General requirements for the competence of testing and calibration laboratories",
        status="published", stage="90.92", edition=3, pages=30, publication_date=dt.date(2017, 11, 1),
        replaces=(39883,), replaced_by=(83956,),
    )
    unknown_owner = parse_deliverable(LINES[3], 4, "x", owners)
    assert isinstance(unknown_owner, Reject) and "'ISO/TC 176/SC 2' is no committee this database knows" in unknown_owner.errors[0]
    unknown_stage = parse_deliverable({**LINES[1], "currentStage": 4055}, 2, "x", owners)
    assert isinstance(unknown_stage, Reject) and "unknown stage code '40.55'" in unknown_stage.errors[0]


def test_the_csv_form_with_title_columns():
    text = ('id,deliverableType,supplementType,reference,publicationDate,edition,ownerCommittee,currentStage,'
            'replaces,replacedBy,pages.en,title.en,title.fr\n'
            '83956,IS,,ISO/IEC DIS 17025,,4,ISO/CASCO,4020,66912,,,"General requirements, for laboratories",Exigences\n')
    [(number, row)] = list(deliverable_rows(text.encode().splitlines(keepends=True), "x.csv"))
    record = parse_deliverable(row, number, "x.csv", {"ISO/CASCO": CASCO}.get)
    assert record == Deliverable(deliverable_id=83956, committee_id=CASCO, reference="ISO/IEC DIS 17025",
                                 title="General requirements, for laboratories", status="under_development",
                                 stage="40.20", edition=4, replaces=(66912,), replaced_by=())


def test_a_committee_s_documents_load_as_one_snapshot_of_that_committee(tmp_path):
    db = tmp_path / "casco.duckdb"
    stored = casco_watch.load_opendata(jsonl(tmp_path, LINES), db, committees=[CASCO]).snapshot
    assert (stored.status, stored.scope, stored.as_of) == ("complete", "opendata:iso_deliverables_metadata:committees=54998",
                                                            dt.date(2026, 11, 2))
    assert [(p.record_table, p.committee_id, p.status) for p in stored.parts] == [("deliverables", CASCO, "complete")]
    assert rows(db, "SELECT deliverable_id, status, stage FROM latest_deliverables ORDER BY 1") == [
        (39883, "withdrawn", "95.99"), (66912, "published", "90.92"), (83956, "under_development", "40.20")]


def test_all_committees_need_every_owner_known(tmp_path):
    db = tmp_path / "casco.duckdb"
    stored = casco_watch.load_opendata(jsonl(tmp_path, LINES), db).snapshot
    assert stored.status == "partial" and stored.rejected == {"Deliverable": 1}
    assert "ISO/TC 176/SC 2" in stored.reasons[0]


def test_the_committees_dataset_takes_no_committee_choice(tmp_path):
    committees_line = {"id": CASCO, "reference": "ISO/CASCO", "status": "Active", "title": {"en": "Conformity"},
                       "pMembers": [], "oMembers": []}
    with pytest.raises(DatasetError, match="not ISO Open Data's deliverables dataset"):
        casco_watch.load_opendata(jsonl(tmp_path, [committees_line], "iso_technical_committees-2026-11-02.jsonl.gz"),
                                  tmp_path / "casco.duckdb", committees=[CASCO])


def test_casco_crawl_source_opendata_loads_the_deliverables_of_a_committee(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    result = casco("crawl", "--source", "opendata", "--dataset", jsonl(tmp_path, LINES), "--committee", CASCO, "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(db, "SELECT count(*) FROM deliverables") == [(3,)]
    usage = casco("crawl", "--source", "opendata", "--committee", CASCO, "--db", db)
    assert usage.returncode == 2 and "--dataset FILE|URL" in usage.stderr


def test_the_dataset_is_streamed_from_a_url_and_dated_by_its_last_modified_header(httpserver, tmp_path):
    body = gzip.compress(b"".join(json.dumps(line).encode() + b"\n" for line in LINES))
    httpserver.expect_request("/_latest/iso_deliverables_metadata/json/iso_deliverables_metadata.jsonl").respond_with_data(
        body, headers={"Last-Modified": "Mon, 02 Nov 2026 02:00:00 GMT"})
    url = httpserver.url_for("/_latest/iso_deliverables_metadata/json/iso_deliverables_metadata.jsonl")
    stored = casco_watch.load_opendata(url, tmp_path / "casco.duckdb", committees=[CASCO]).snapshot
    assert (stored.status, stored.as_of, stored.records) == ("complete", dt.date(2026, 11, 2), {"Deliverable": 3})
    assert stored.content_digest == f"sha256:{hashlib.sha256(body).hexdigest()}"


def test_crawl_source_opendata_tells_a_dataset_at_any_url_by_its_fields_in_process(httpserver, tmp_path):
    """The URL's name does not say which dataset it is: its fields do, as for a file (before, only a URL named
    iso_deliverables_metadata, or one given with --committee, reached the loader that knows deliverables)."""
    casco_lines = [line for line in LINES if line["ownerCommittee"] == "ISO/CASCO"]
    body = gzip.compress(b"".join(json.dumps(line).encode() + b"\n" for line in casco_lines))
    httpserver.expect_request("/mirror/work-programmes-2026-11-02.jsonl.gz").respond_with_data(body)
    db = tmp_path / "casco.duckdb"

    result = CliRunner().invoke(main, ["crawl", "--source", "opendata", "--dataset",
                                       httpserver.url_for("/mirror/work-programmes-2026-11-02.jsonl.gz"),
                                       "--db", str(db)])

    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT as_of, status, scope FROM snapshots") == [
        (dt.date(2026, 11, 2), "complete", "opendata:iso_deliverables_metadata")]
    assert rows(db, "SELECT count(*) FROM deliverables") == [(3,)]


def test_a_dataset_the_server_refuses_is_stored_as_a_failed_snapshot_with_the_reason(httpserver, tmp_path):
    """As `scrapy crawl opendata` records it: the failure is kept, dated by the name, and never becomes data."""
    httpserver.expect_request("/opendata/iso_technical_committees-2025-08-13.jsonl").respond_with_data(
        "gone", status=404)
    url = httpserver.url_for("/opendata/iso_technical_committees-2025-08-13.jsonl")
    db = tmp_path / "casco.duckdb"

    result = CliRunner().invoke(main, ["crawl", "--source", "opendata", "--dataset", url, "--db", str(db)])

    assert result.exit_code == 1, result.output
    assert f"cannot download {url}: HTTP 404" in result.output
    assert rows(db, "SELECT as_of, status, records FROM snapshots") == [(dt.date(2025, 8, 13), "failed", "{}")]
    assert rows(db, "SELECT url, http_status, outcome, cause FROM pages") == [(url, 404, "lost", "not_found")]
