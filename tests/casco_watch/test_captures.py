"""Reading captures made by other tools (casco_watch.archives.captures): real WARC, WACZ and HAR files, no Scrapy."""

import datetime as dt
import gzip
import io
import zipfile

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casco_watch.archives.crawl_archive import ArchiveError, ArchiveWriter, CrawlArchive, RecordedRequest, RecordedResponse
from casco_watch.archives.captures import CaptureError, ForeignCapture, read_capture
from casco_watch.parsers.links import canonical_url
from tests.casco_watch.captures import HTML, har_entry, write_har

PAGE = "<html><body>CASCO</body></html>"
T0 = dt.datetime(2026, 11, 30, 23, 59, 58, tzinfo=dt.timezone.utc)
URL = "https://www.iso.org/committee/54998.html"


def _chunked(data: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (data[:10], data[10:])) + b"0\r\n\r\n"


def write_warc(path, records, compress=True):
    """A WARC as ArchiveWeb.page or pywb write one: no casco-watch warcinfo; `records` are (type, url, status,
    headers, payload, date) with type 'response', 'revisit' or 'request'."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "ArchiveWeb.page 0.12"}))
        for kind, url, status, headers, payload, date in records:
            warc_headers = {"WARC-Date": date.isoformat().replace("+00:00", "Z")}
            if kind == "request":
                http = StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http,
                                                              warc_headers_dict=warc_headers))
                continue
            http = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
            if kind == "revisit":
                record = writer.create_revisit_record(url, payload, url, date.isoformat(), http_headers=http)
                record.rec_headers.replace_header("WARC-Date", warc_headers["WARC-Date"])
            else:
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                                   warc_headers_dict=warc_headers)
            writer.write_record(record)
    return path


def test_a_foreign_warc_gives_the_page_as_a_browser_saw_it_de_chunked_and_decompressed(tmp_path):
    wire = _chunked(gzip.compress(PAGE.encode()))
    headers = [*HTML, ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    path = write_warc(tmp_path / "browser.warc.gz", [("request", URL, None, None, None, T0),
                                                     ("response", URL, 200, headers, wire, T0)])

    capture = read_capture(path)

    assert isinstance(capture, ForeignCapture)
    page = capture.response_for("http://iso.org/en/committee/54998.html/")
    assert (page.status, page.body.decode(), page.headers) == (200, PAGE, HTML)
    assert capture.as_of == dt.date(2026, 11, 30) and capture.digest.startswith("sha256:")


def test_a_revisit_record_takes_the_body_of_the_response_it_repeats_and_counts_as_newer(tmp_path):
    first = write_warc(tmp_path / "one.warc", [("response", URL, 200, HTML, PAGE.encode(), T0)], compress=False)
    digest = next(line for line in first.read_text().splitlines() if line.startswith("WARC-Payload-Digest"))
    other = "https://www.iso.org/member/1619.html"
    path = write_warc(tmp_path / "revisits.warc.gz", [
        ("response", URL, 200, HTML, PAGE.encode(), T0),
        ("revisit", other, 200, HTML, digest.split(": ")[1], T0 + dt.timedelta(days=1)),
    ])

    capture = read_capture(path)

    assert capture.response_for(other).body.decode() == PAGE
    assert capture.as_of == dt.date(2026, 12, 1)


def test_in_a_har_the_newest_answer_per_url_wins_and_aborted_requests_are_no_answer(tmp_path):
    challenge = "<html><title>Just a moment...</title></html>"
    path = write_har(tmp_path / "browser.har", [
        har_entry(URL + "?view=participation", 200, PAGE, T0),
        har_entry("https://iso.org/committee/54998.html", 200, PAGE, T0 + dt.timedelta(seconds=2), base64_body=True),
        har_entry(URL, 403, challenge, T0),
        har_entry("https://www.iso.org/favicon.ico", -1, "", T0 + dt.timedelta(days=2)),
        har_entry("https://www.iso.org/cdn-cgi/challenge-platform/h/g", 0, "", T0 + dt.timedelta(days=3)),
    ])

    capture = read_capture(path)

    assert (capture.response_for(URL).status, capture.response_for(URL).body.decode()) == (200, PAGE)
    assert capture.response_for("https://www.iso.org/favicon.ico") is None
    assert capture.committees() == (54998,) and canonical_url(capture.site()) == "iso.org/"
    assert capture.as_of == dt.date(2026, 12, 1), "the UTC day of the newest answer, two seconds after T0"


def test_a_har_page_in_a_declared_charset_keeps_its_bytes(tmp_path):
    entry = har_entry(URL, 200, "<html>Alg\u00e9rie</html>", T0, headers=[("Content-Type", "text/html; charset=ISO-8859-1")])
    entry["response"]["content"]["mimeType"] = "text/html; charset=ISO-8859-1"

    assert read_capture(write_har(tmp_path / "latin.har", [entry])).response_for(URL).body == b"<html>Alg\xe9rie</html>"


def test_a_redirect_from_another_form_of_the_url_never_hides_the_page(tmp_path):
    long_form = "https://www.iso.org/contents/data/committee/05/49/54998.html"
    path = write_har(tmp_path / "redirected.har", [
        har_entry(URL, 200, PAGE, T0),
        har_entry(long_form, 301, "", T0 + dt.timedelta(seconds=1), headers=[("Location", URL)]),
    ])

    assert read_capture(path).response_for(URL).status == 200


def test_the_committees_are_those_whose_participation_view_is_held(tmp_path):
    path = write_har(tmp_path / "browsed.har", [
        har_entry(URL, 200, PAGE, T0),
        har_entry(URL + "?view=participation", 200, PAGE, T0),
        har_entry("https://www.iso.org/committee/45306.html", 200, PAGE, T0),
        har_entry("https://www.iso.org/committee/53882.html?view=participation", 403, PAGE, T0),
        har_entry("https://www.iso.org/committee/54998/x/catalogue/", 200, PAGE, T0),
    ])

    assert read_capture(path).committees() == (54998,)


def test_a_wacz_is_read_through_the_warcs_inside_it(tmp_path):
    warc = write_warc(tmp_path / "data.warc.gz", [("response", URL, 200, HTML, PAGE.encode(), T0)])
    wacz = tmp_path / "capture.wacz"
    with zipfile.ZipFile(wacz, "w") as archive:
        archive.write(warc, "archive/data.warc.gz")
        archive.writestr("datapackage.json", "{}")

    capture = read_capture(wacz)

    assert capture.response_for(URL).body.decode() == PAGE and capture.path == wacz


def test_casco_watchs_own_archive_is_read_with_its_strict_checks(tmp_path):
    writer = ArchiveWriter(tmp_path, "casco", {"committees": "54998"})
    writer.write_exchange(RecordedRequest("GET", URL, "/committee/54998.html", []), RecordedResponse(200, HTML, b"x"))
    own = writer.close(snapshot_id=1, as_of=dt.date(2026, 10, 1), status="complete")

    assert isinstance(read_capture(own), CrawlArchive)
    own.write_bytes(own.read_bytes()[:-40])
    with pytest.raises(ArchiveError) as refused:
        read_capture(own)
    assert not isinstance(refused.value, CaptureError)


@pytest.mark.parametrize("damage", ["cut gzip", "flipped gzip byte", "cut zip", "broken JSON", "not a HAR",
                                    "bad base64", "not a capture", "empty HAR"])
def test_a_damaged_capture_is_a_clear_error(tmp_path, damage):
    warc = write_warc(tmp_path / "data.warc.gz", [("response", URL, 200, HTML, PAGE.encode() * 200, T0)]).read_bytes()
    har = write_har(tmp_path / "x.har", [har_entry(URL, 200, PAGE, T0)]).read_text()
    path = tmp_path / "damaged"
    if damage == "cut gzip":
        path.write_bytes(warc[: len(warc) - 100])
    elif damage == "flipped gzip byte":
        path.write_bytes(warc[:400] + bytes([warc[400] ^ 0xFF]) + warc[401:])
    elif damage == "cut zip":
        with zipfile.ZipFile(tmp_path / "whole.wacz", "w") as archive:
            archive.writestr("archive/data.warc.gz", warc)
        path.write_bytes((tmp_path / "whole.wacz").read_bytes()[:300])
    elif damage == "broken JSON":
        path.write_text(har[:-20])
    elif damage == "not a HAR":
        path.write_text('{"entries": []}')
    elif damage == "bad base64":
        path.write_text(har.replace('"text": "<html>', '"encoding": "base64", "text": "<html>'))
    elif damage == "not a capture":
        path.write_text("<html></html>")
    else:
        write_har(path, [har_entry(URL, -1, "", T0)])

    with pytest.raises(CaptureError) as refused:
        read_capture(path)

    assert str(path) in str(refused.value)
