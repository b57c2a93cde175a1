"""The archive file on its own: what one crawl's .warc.gz holds, and how a damaged one is refused.

warcio's own command reads what we write; our reader refuses any file that is not a whole crawl, since a
truncated WARC still reads cleanly up to the cut (warcio itself does not notice a cut at a record boundary).
"""

import datetime as dt
import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from casco_watch.archives.crawl_archive import (
    ArchiveError,
    ArchiveWriter,
    RecordedRequest,
    RecordedResponse,
    read_archive,
    read_response,
    resolve_archive_path,
    stored_archive_path,
)

BASE = "http://127.0.0.1:8000"
PAGE = b"<html lang='en'><body><h1>ISO/CASCO</h1></body></html>"


def warcio(*args, text=True):
    """The real `warcio` command installed beside this interpreter."""
    return subprocess.run([str(Path(sys.executable).parent / "warcio"), *map(str, args)], capture_output=True, text=text)


def request(path):
    return RecordedRequest("GET", BASE + path, path, [("Host", "127.0.0.1:8000"), ("User-Agent", "casco-watch")])


def response(status, body, *headers):
    return RecordedResponse(status, [("Content-Type", "text/html"), *headers], body, ip_address="127.0.0.1")


@pytest.fixture
def written(tmp_path):
    """A closed archive of three exchanges: robots.txt, a page served chunked, and a 503 then 200 for one URL."""
    writer = ArchiveWriter(tmp_path / "archive", "casco", {"base_url": BASE, "committees": "54998"})
    writer.write_exchange(request("/robots.txt"), response(200, b"User-agent: *\n"))
    writer.write_exchange(request("/committee/54998.html"), response(200, PAGE, ("Transfer-Encoding", "chunked")))
    writer.write_exchange(request("/member/2064.html"), response(503, b"", ("Retry-After", "0")))
    writer.write_exchange(request("/member/2064.html"), response(200, b"<html>AFNOR</html>"))
    return writer.close(snapshot_id=7, as_of=dt.date(2026, 10, 1), status="complete")


def test_an_archive_names_its_crawl_and_holds_every_response_in_order(written):
    archive = read_archive(written)

    assert (archive.spider, archive.arguments) == ("casco", {"base_url": BASE, "committees": "54998"})
    assert (archive.snapshot_id, archive.as_of, archive.status) == (7, dt.date(2026, 10, 1), "complete")
    assert sorted(archive.responses) == [BASE + "/committee/54998.html", BASE + "/member/2064.html", BASE + "/robots.txt"]
    with open(written, "rb") as stream:
        retried = [read_response(stream, copy).status for copy in archive.responses[BASE + "/member/2064.html"]]
        page = read_response(stream, archive.responses[BASE + "/committee/54998.html"][0])
    assert retried == [503, 200]
    assert page.body == PAGE and page.status == 200 and page.ip_address == "127.0.0.1"
    assert ("Transfer-Encoding", "chunked") not in page.headers, "the body is stored de-chunked"


def test_warcio_checks_and_indexes_the_archive_cleanly(written):
    checked = warcio("check", "-v", written)
    indexed = warcio("index", written)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("digest pass") == 10
    assert indexed.returncode == 0 and indexed.stderr == ""
    types = [line.split('"warc-type": "')[1].split('"')[0] for line in indexed.stdout.splitlines()]
    assert types == ["warcinfo", *["response", "request"] * 4, "metadata"]


def test_warcio_extracts_a_page_at_the_offset_the_archive_gives(written):
    copy = read_archive(written).responses[BASE + "/committee/54998.html"][0]
    assert warcio("extract", "--payload", written, copy.offset, text=False).stdout == PAGE


def test_only_a_closed_archive_has_its_final_name_and_a_discarded_one_leaves_nothing(tmp_path):
    writer = ArchiveWriter(tmp_path, "casco", {})
    writer.write_exchange(request("/robots.txt"), response(200, b""))
    assert not writer.path.exists()
    assert [p.name for p in tmp_path.iterdir()] == [writer.path.name + ".partial"]

    writer.discard()
    assert list(tmp_path.iterdir()) == []


def cut(path, length, tmp_path):
    damaged = tmp_path / f"cut-{length}.warc.gz"
    damaged.write_bytes(path.read_bytes()[:length])
    return damaged


def test_an_archive_cut_anywhere_is_refused_as_cut_short(written, tmp_path):
    data = written.read_bytes()
    last_response = max(copy.offset for copies in read_archive(written).responses.values() for copy in copies)
    inside_closing_record, at_a_record_boundary, inside_a_response = len(data) - 20, last_response, last_response + 40
    for length in (inside_closing_record, at_a_record_boundary, inside_a_response):
        with pytest.raises(ArchiveError, match="cut short"):
            read_archive(cut(written, length, tmp_path))


def test_an_archive_with_a_flipped_byte_is_refused_as_damaged(written, tmp_path):
    data = bytearray(written.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "flipped.warc.gz"
    damaged.write_bytes(bytes(data))

    with pytest.raises(ArchiveError, match="is damaged"):
        read_archive(damaged)


def test_a_page_edited_after_the_crawl_fails_its_digest(written, tmp_path):
    """Recompressed whole, so only the WARC digests can tell."""
    data = written.read_bytes()
    start = read_archive(written).responses[BASE + "/committee/54998.html"][0].offset
    with open(written, "rb") as stream:
        records = ArchiveIterator(stream)
        end = next(records.get_record_offset() for _ in records if records.get_record_offset() > start)
    edited = gzip.decompress(data[start:end]).replace(b"ISO/CASCO", b"ISO/CASCX")
    tampered = tmp_path / "edited.warc.gz"
    tampered.write_bytes(data[:start] + gzip.compress(edited) + data[end:])

    with pytest.raises(ArchiveError, match="is damaged.*digest"):
        read_archive(tampered)


def test_a_file_that_is_not_a_crawl_archive_is_refused(tmp_path):
    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_bytes(gzip.compress(b"just some text\n"))
    with pytest.raises(ArchiveError, match="damaged"):
        read_archive(not_warc)
    with pytest.raises(ArchiveError, match="cannot read"):
        read_archive(tmp_path / "missing.warc.gz")


def test_a_stored_archive_path_is_relative_to_the_database_folder_when_inside_it(tmp_path):
    db = tmp_path / "casco.duckdb"
    inside, outside = tmp_path / "archive" / "a.warc.gz", Path("/srv/archives/b.warc.gz")

    assert stored_archive_path(inside, db) == "archive/a.warc.gz"
    assert stored_archive_path(outside, db) == "/srv/archives/b.warc.gz"
    assert resolve_archive_path("archive/a.warc.gz", db) == inside
    assert resolve_archive_path("/srv/archives/b.warc.gz", db) == outside
