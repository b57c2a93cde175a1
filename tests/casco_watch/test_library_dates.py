"""The library's honesty about dates and repeats: what `import casco_watch` promises without the CLI."""

import datetime as dt
import logging
import warnings

import pytest

import casco_watch
from casco_watch.crawler import settings
from tests.dumps import write_dump


def test_the_same_dump_twice_stores_one_snapshot_and_says_it_skipped_the_second(tmp_path):
    db = tmp_path / "casco.duckdb"
    dump = write_dump(tmp_path, "2025-08-13")
    first = casco_watch.load_opendata(dump, db)
    assert not first.skipped
    digest = first.snapshot.content_digest
    assert digest.startswith("sha256:") and len(digest) == len("sha256:") + 64
    again = casco_watch.load_opendata(dump, db)
    assert again == casco_watch.Committed(first.snapshot, skipped=True)
    assert [snapshot.snapshot_id for snapshot in casco_watch.snapshots(db)] == [1]


def test_a_skip_is_said_by_the_result_and_never_by_a_warning(tmp_path):
    db = tmp_path / "casco.duckdb"
    dump = write_dump(tmp_path, "2025-08-13")
    casco_watch.load_opendata(dump, db)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casco_watch.load_opendata(dump, db).skipped
    assert "AlreadyStored" not in casco_watch.__all__


def test_the_same_file_for_another_day_or_other_bytes_for_the_same_day_is_new(tmp_path):
    db = tmp_path / "casco.duckdb"
    dump = write_dump(tmp_path, "2025-08-13")
    other = tmp_path / "other"
    other.mkdir()
    changed = write_dump(other, "2025-08-13", observers=(2188, 1511))
    casco_watch.load_opendata(dump, db)
    assert not casco_watch.load_opendata(dump, db, as_of=dt.date(2025, 8, 20)).skipped
    assert not casco_watch.load_opendata(changed, db).skipped
    assert len(casco_watch.snapshots(db)) == 3


@pytest.mark.parametrize("given", [dt.date(2099, 1, 1), None])
def test_a_date_after_today_is_refused_whether_given_or_read_from_the_name(tmp_path, given):
    db = tmp_path / "casco.duckdb"
    dump = write_dump(tmp_path, "2025-08-13" if given else "2099-01-01")
    with pytest.raises(casco_watch.FutureDateError, match="2099-01-01 is after today"):
        casco_watch.load_opendata(dump, db, as_of=given)
    assert not db.exists()


def test_store_snapshot_refuses_a_date_after_today(tmp_path):
    with pytest.raises(casco_watch.FutureDateError):
        casco_watch.store_snapshot(tmp_path / "casco.duckdb", [], source_kind="site", source="test", scope="test",
                                   as_of=dt.date.today() + dt.timedelta(days=2))


def test_a_missing_dump_is_named(tmp_path):
    with pytest.raises(casco_watch.DatasetError, match="no such file: .*nowhere.jsonl"):
        casco_watch.load_opendata(tmp_path / "nowhere.jsonl", tmp_path / "casco.duckdb", as_of=dt.date(2025, 1, 1))


def test_a_dump_by_url_is_dated_by_its_name_over_last_modified_and_fetched_politely(httpserver, tmp_path, caplog):
    """July content served with a July Last-Modified under an August name is August's dump, as a file would be;
    it is fetched with the crawler's User-Agent after its robots.txt, and a 503 is retried after its Retry-After."""
    dump = write_dump(tmp_path, "2025-08-13").read_bytes()
    path = "/kept/iso_technical_committees-2025-08-13.jsonl"
    crawler = {"User-Agent": settings.USER_AGENT}
    httpserver.expect_ordered_request("/robots.txt", headers=crawler).respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_ordered_request(path, headers=crawler).respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request(path, headers=crawler).respond_with_data(
        dump, headers={"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"})
    url = httpserver.url_for(path)

    with caplog.at_level(logging.WARNING, logger="casco_watch"):
        snapshot = casco_watch.load_opendata(url, tmp_path / "casco.duckdb").snapshot

    httpserver.check_assertions()
    assert (snapshot.status, snapshot.as_of) == ("complete", dt.date(2025, 8, 13))
    assert caplog.messages == [f"{url} is dated 2025-08-13 by its name, which wins over the server's Last-Modified "
                               "date 2025-07-02; give --as-of if the name is wrong"]
