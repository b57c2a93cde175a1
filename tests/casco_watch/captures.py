"""Captures as other tools write them, for tests: HAR files and WARC records built from the fixture site's pages."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

from casco_watch.fixture_site.server import fixture_pages
from casco_watch.fixture_site.site_data import CASCO_ID
from tests.fixture_oracle import expected_records

HTML = [("Content-Type", "text/html; charset=utf-8")]


def page_urls(state: str, base_url: str) -> dict[str, str]:
    """Every page of a fixture state by the URL a browser opens it at (robots.txt left out: people do not open it)."""
    urls = {}
    for path, body in fixture_pages(state).items():
        if path.endswith(".participation.html"):
            urls[f"{base_url}/{path.removesuffix('.participation.html')}.html?view=participation"] = body
        elif path.endswith(".catalogue.html"):
            urls[f"{base_url}/{path.removesuffix('.catalogue.html')}/x/catalogue/p/1/u/1/w/1/d/1"] = body
        elif path != "robots.txt":
            urls[f"{base_url}/{path}"] = body
    return urls


def committee_pages(state: str, base_url: str, committee_id: int = CASCO_ID, forms=lambda n, path: path) -> list[str]:
    """The URLs of the pages a crawl of one committee (CASCO unless said) reads, each spelled as `forms(n, path)` says."""
    records = expected_records(state, (committee_id,))
    paths = [f"/committee/{committee_id}.html", f"/committee/{committee_id}.html?view=participation",
             *(f"/member/{row['member_id']}.html" for row in records["MemberBody"]),
             *(f"/organization/{row['organization_id']}.html" for row in records["Organization"]),
             f"/committee/{committee_id}/x/catalogue/p/1/u/1/w/1/d/1",
             *(f"/standard/{row['deliverable_id']}.html" for row in records["Deliverable"])]
    return [base_url + forms(n, path) for n, path in enumerate(paths)]


def har_entry(url: str, status: int, body: str | bytes, started: dt.datetime, headers=HTML, base64_body=False) -> dict:
    raw = body.encode() if isinstance(body, str) else body
    content = ({"size": len(raw), "mimeType": "text/html", "text": base64.b64encode(raw).decode(), "encoding": "base64"}
               if base64_body else {"size": len(raw), "mimeType": "text/html", "text": raw.decode()})
    return {
        "startedDateTime": started.isoformat().replace("+00:00", "Z"),
        "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1", "headers": []},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": name, "value": value} for name, value in headers], "content": content},
    }


def write_har(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}}))
    return path


def fixture_har(path: Path, state: str, base_url: str, started: dt.datetime, leave_out=(), committee_id: int = CASCO_ID
                ) -> Path:
    """A HAR of the pages of one committee (CASCO unless said) in a fixture state, a second apart, but those in
    `leave_out` (URL suffixes)."""
    bodies = page_urls(state, base_url)
    pages = [(url, bodies[url]) for url in committee_pages(state, base_url, committee_id)
             if not url.endswith(tuple(leave_out))]
    return write_har(path, [har_entry(url, 200, body, started + dt.timedelta(seconds=n), base64_body=n % 2 == 1)
                            for n, (url, body) in enumerate(pages)])
