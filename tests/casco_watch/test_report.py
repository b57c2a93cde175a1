"""`casco report` opened in real headless Chromium: it loads without console errors and nothing from the network,
shows the chart and the tables, and every scraped text stays text."""

import datetime as dt
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

import casco_watch
from casco_watch.fixture_site.site_data import CASCO_ID, STATES
from casco_watch.publishing.report import Report, render_report
from casco_watch.schemas import RECORD_TYPES, Committee, MemberBody, Membership
from casco_watch.schemas.stages import STAGE_CODES
from tests.cli.test_cli import assert_one_line_error
from tests.fixture_oracle import expected_records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
HOSTILE = "Conformity <script>alert('x')</script> & <img src=x onerror=alert(1)>"
"""A title as a page shows it when its source escaped markup: validation strips tags, not text that reads as tags."""


def store_fixture_state(db, state: str) -> None:
    """ISO/CASCO as a complete crawl of the fixture site in `state` stores it."""
    records = [RECORD_TYPES[name](**row) for name, rows in expected_records(state, (CASCO_ID,)).items() for row in rows]
    casco_watch.store_snapshot(db, records, source_kind="site", source="fixture", scope="site:committees=54998",
                               as_of=dt.date.fromisoformat(state))


def open_in_chromium(page, profile, *mode: str) -> subprocess.CompletedProcess:
    """One headless Chromium run over the page with a fresh profile, its log (console included) on stderr;
    every host name resolves to nothing, so a page that reached for the network would log an error."""
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
         *mode, page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )


def console_messages(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture
def two_states(tmp_path):
    db = tmp_path / "casco.duckdb"
    for state in STATES:
        store_fixture_state(db, state)
    return db


@needs_chromium
def test_the_report_loads_cleanly_in_chromium_with_chart_and_tables(casco, two_states, tmp_path):
    page = tmp_path / "site" / "report.html"
    written = casco("report", "--db", two_states, "--out", page)
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == f"Report written to {page}: ISO/CASCO."

    dumped = open_in_chromium(page, tmp_path / "profile-dom", "--dump-dom")
    screenshot = tmp_path / "report.png"
    shot = open_in_chromium(page, tmp_path / "profile-shot", "--window-size=1280,2400", f"--screenshot={screenshot}")

    assert dumped.returncode == 0 and shot.returncode == 0, dumped.stderr[-2000:]
    assert console_messages(dumped) == [] and console_messages(shot) == []
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 20_000

    dom = BeautifulSoup(dumped.stdout, "lxml")
    november = expected_records(STATES[1], (CASCO_ID,))
    section = dom.select_one(f"#committee-{CASCO_ID}")
    assert section.h2.get_text() == "ISO/CASCO — Committee on conformity assessment"
    chart = section.select_one("figure.timeline svg")
    assert chart is not None and "P members, iso.org" in chart.get_text()
    assert len(chart.select("path, use")) > 10

    def rows(selector):
        return section.select(f"table.{selector} tr")[1:]

    assert len(rows("officers")) == len(november["Officer"])
    assert len(rows("members-P")) == sum(m["status"] == "P" for m in november["Membership"])
    assert len(rows("members-O")) == sum(m["status"] == "O" for m in november["Membership"])
    assert len(rows("subgroups")) == len(november["Subgroup"])
    assert len(rows("liaisons")) == len(november["Liaison"])
    projects = {row.td.get_text(): row.select("td")[2].get_text() for row in rows("projects")}
    assert projects == {d["reference"]: f"{d['stage']} {STAGE_CODES[d['stage']]}" for d in november["Deliverable"]
                        if d["status"] == "under_development"}
    assert projects["ISO/IEC AWI 17012"] == "20.00 New project registered in TC/SC work programme"
    france = next(row for row in rows("members-P") if row.td.get_text() == "AFNOR")
    assert [cell.get_text() for cell in france.select("td")] == ["AFNOR", "France", "Association Française de Normalisation"]

    changes = dom.select_one("#changes")
    summary = casco_watch.diff(two_states).summary()
    assert [int(cell.get_text()) for cell in changes.select("table.summary td")] == list(summary.values())
    assert "Ms Caroline Outa" in changes.get_text() and "Mr Erik Johansson" in changes.get_text()
    assert "ISO/IEC 17043:2026" in changes.get_text() and "Deliverables" in changes.get_text()
    assert not dom.select("script, link, img, iframe")


@needs_chromium
def test_the_console_check_sees_a_report_page_that_reaches_out(tmp_path):
    """Guards the test above against a Chromium whose log would not show it: a report page given an external
    stylesheet has the load refused by its Content-Security-Policy, and the refusal is a console message."""
    empty = Report("empty.duckdb", dt.datetime.now(dt.timezone.utc), [], None, "nothing stored")
    page = tmp_path / "reaching.html"
    page.write_text(render_report(empty).replace("</head>", '<link rel="stylesheet" href="https://cdn.example.org/a.css"></head>'))
    assert any("cdn.example.org" in line for line in console_messages(open_in_chromium(page, tmp_path / "p", "--dump-dom")))


def test_scraped_text_is_escaped_and_a_single_snapshot_has_no_changes(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    committee = Committee(committee_id=CASCO_ID, reference="ISO/CASCO",
                          title="Conformity &lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;")
    body = MemberBody(member_id=1738, acronym="AFNOR", country="&lt;b&gt;France&lt;/b&gt;")
    assert committee.title == HOSTILE and body.country == "<b>France</b>"
    casco_watch.store_snapshot(db, [committee, body,
                                    Membership(committee_id=CASCO_ID, member_id=1738, status="P")],
                               source_kind="site", source="test", scope="site:test", as_of=dt.date(2026, 10, 1))
    page = tmp_path / "report.html"
    assert casco("report", "--db", db, "--out", page).returncode == 0

    html = page.read_text()
    dom = BeautifulSoup(html, "lxml")
    assert dom.select_one(f"#committee-{CASCO_ID} h2").get_text() == f"ISO/CASCO — {HOSTILE}"
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "&lt;b&gt;France&lt;/b&gt;" in html
    assert not dom.select("script, img, b")
    assert "No changes to show: there are not yet two snapshots of one source that are complete" in dom.select_one("#changes").get_text()


def test_a_missing_database_is_a_one_line_error(casco, tmp_path):
    assert_one_line_error(casco("report", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "r.html"),
                          "no database at")
    assert not (tmp_path / "r.html").exists()


def test_snapshots_that_share_a_date_draw_a_chart_without_warnings(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    for _ in range(2):
        store_fixture_state(db, STATES[0])
    result = casco("report", "--db", db, "--out", tmp_path / "report.html")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "<svg" in (tmp_path / "report.html").read_text()


UNSEEN = "\x00\x1b[2J\u202e\u2066\u200f"
"""A NUL, a terminal escape, a right-to-left override, an isolate and a mark: in data, never on a page."""


def test_control_and_bidi_characters_in_data_reach_neither_the_page_nor_the_markdown(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    for day, title in (("2026-10-01", "Conformity assessment"), ("2026-11-01", f"Conformity{UNSEEN} assessment")):
        casco_watch.store_snapshot(db, [Committee(committee_id=CASCO_ID, reference="ISO/CASCO", title=title)],
                                   source_kind="site", source="test", scope="site:test", as_of=dt.date.fromisoformat(day))
    page = tmp_path / "report.html"
    assert casco("report", "--db", db, "--out", page).returncode == 0
    markdown = casco("diff", "--db", db, "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr

    for shown in (page.read_text(), markdown.stdout):
        assert "Conformity[2J assessment" in shown
        assert not any(character in shown for character in UNSEEN.replace("[2J", ""))
