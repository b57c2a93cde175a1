"""The fault matrix: each way iso.org can fail a crawl, crawled for real, and what casco-watch makes of it.

Each crawl serves the fixture site (October's state) with faults and runs the
real `casco crawl` on its own copy of a database that already holds a complete
snapshot of ISO/CASCO (snapshot 1). The tests pin down the exit code, the printed
reasons, the new snapshot's status, what it stored, and that snapshot 1 is
untouched. docs/fault-matrix.md is this file as a table.

Scrapy's start-up costs more than a crawl of the fixture site, so faults that
cannot mask one another share a crawl: the member pages that fail in different
ways, the odd pages that must still read whole, one committee page failing per
committee of a five-committee crawl, one participation view per committee. Each
case's own reason is asserted, and each shared crawl is checked to report its
cases' reasons and nothing else. Faults on member pages need only the pages
involved: they fall on a committee whose seats are the five member bodies they
concern (eight pages, not CASCO's 211). The crawls run in this process, one
after the other, at module set-up.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Callable

import duckdb
import pytest

import casco_watch
from casco_watch.fixture_site.render import member_page, participation_page
from casco_watch.fixture_site.server import fixture_page
from casco_watch.fixture_site.site_data import CASCO_ID, STATES, TC_176_ID, site
from casco_watch.pipeline.store import open_database, read_snapshots
from casco_watch.schemas import RECORD_TABLES, RECORD_TYPES, Snapshot
from tests.conftest import run_casco
from tests.fixture_oracle import FaultySite, expected_records, seating_pages
from tests.spiders.test_site_crawl import assert_same_records
from tests.spiders.test_site_crawl import stored_records as records_by_model

pytestmark = pytest.mark.long  # the matrix: nine crawls at module set-up

OCTOBER = STATES[0]
SC_27, TC_207, TC_212, TC_334, JTC_3 = 45306, 54808, 54916, 8300629, 10138914
IANOR, BSI, AFNOR, DIN, DPS = 1499, 2064, 1738, 1511, 1495
CASE_DATE = "2026-10-08"
CASCO_SCOPE = "site:committees=54998:pages=catalogue,committee,member,organization,participation,standard"
LOOPBACK = ("--delay", "0", "--set", "CASCO_RETRY_BACKOFF_BASE=0.01", "--set", "RETRY_TIMES=1")
REFUSED_ADVICE = ("try a slower rate (--delay 5), a different User-Agent (CASCO_USER_AGENT), "
                  "or a mirror base URL (--base-url https://committee.iso.org)")


def committee_path(committee_id: int) -> str:
    return f"/committee/{committee_id}.html"


def participation_path(committee_id: int) -> str:
    return f"/committee/{committee_id}.html?view=participation"


def member_path(member_id: int) -> str:
    return f"/member/{member_id}.html"


def page(path: str) -> str:
    return fixture_page(OCTOBER, path)


def committee(committee_id: int):
    return site(OCTOBER).committees[committee_id]


def with_acronym(member_id: int, acronym: str):
    """October's site with one member body's acronym written differently."""
    data = site(OCTOBER)
    body = replace(data.member_bodies[member_id], acronym=acronym)
    return replace(data, member_bodies={**data.member_bodies, member_id: body})


def without_table_rows(html: str) -> str:
    return re.sub(r"\s*<tr>\s*<td.*?</tr>", "", html, flags=re.S)


def with_every_row_twice(html: str) -> str:
    return re.sub(r"(\s*<tr>\s*<td.*?</tr>)", r"\1\1", html, flags=re.S)


def with_tables_renamed(html: str) -> str:
    return html.replace("datatable-PART_P_OC", "datatable-PARTICIPANTS").replace("datatable-PART_O_OC", "datatable-OBSERVERS")


def without_participation_tables(html: str) -> str:
    return re.sub(r'<h3 id="participating">.*</table>', "", html, flags=re.S)


def without_counters(html: str) -> str:
    return re.sub(r'<ul class="list-unstyled key-numbers">.*?</ul>', "", html, flags=re.S)


def with_marked_up_titles(html: str) -> str:
    """CASCO's title (in <title> and the heading) and a subgroup title with markup, scripts and escaped markup."""
    title, subgroup = escape(committee(CASCO_ID).title), escape(committee(CASCO_ID).subgroups[0].title)
    assert html.count(title) == 2 and html.count(subgroup) == 1
    marked_up = title.replace("conformity", '<script>document.title="x"</script><b>conformity</b><img src="x.png">', 1)
    return html.replace(title, marked_up).replace(
        subgroup, f"<em>{subgroup}</em><script>alert(1)</script>&lt;script&gt;alert(2)&lt;/script&gt;")


def cut_before_organization_liaisons(html: str) -> bytes:
    return html[: html.index("<h3>Organizations in liaison")].encode()


def with_liaisons_and_subgroups_relabelled(html: str) -> bytes:
    """The liaison lists under headings the parser does not know (its own are remembered, not seen: NOTES §2.6) and
    the subgroup table's "Type" column named otherwise: each then reads as no rows at all, and nothing counts them."""
    renamed = html.replace("<h3>Liaison Committees", "<h3>Committees in liaison").replace(
        "<h3>Organizations in liaison", "<h3>Liaison organizations")
    assert renamed.count("<h3>Committees in liaison") == 2 and renamed.count("<h3>Liaison organizations") == 2
    assert renamed.count("<th>Type</th>") == 1
    return renamed.replace("<th>Type</th>", "<th>Kind</th>").replace('data-title="Type"', 'data-title="Kind"').encode()


def in_latin_1(html: str) -> bytes:
    """The page as a Latin-1 server sends it: characters outside Latin-1 as character references."""
    return html.encode("latin-1", errors="xmlcharrefreplace")


def padded_to_10_mb(html: str) -> bytes:
    return html.replace("</body>", "<!-- " + "x" * 10 * 1024 * 1024 + " --></body>").encode()


def redirected_off_the_site(fixture: FaultySite) -> None:
    """SC 27's committee page moves to another host name of the same server: were it followed, the server would see it."""
    port = fixture.base_url.rsplit(":", 1)[1]
    fixture.redirects[committee_path(SC_27)] = f"http://localhost:{port}{committee_path(SC_27)}?moved"


def shrunk(committee_id: int, p_gone: int, o_gone: int):
    """October's committee with its first members gone from the P and O lists, its counters with them."""
    data = committee(committee_id)
    return replace(data, p_members=data.p_members[p_gone:], o_members=data.o_members[o_gone:])


CHALLENGE_PAGE = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking</body></html>"
"""A bot wall's interstitial, as a site behind Cloudflare serves it (with 200 here: some walls do)."""

SHRUNK_SITE = {"page_overrides": seating_pages(site(OCTOBER), shrunk(CASCO_ID, 20, 10))}
"""CASCO with 20 P and 10 O members gone, from its lists and its counters alike."""


@dataclass(frozen=True)
class Crawl:
    """One crawl of the matrix: its committees, how the site misbehaves, extra options, a step once the site is up."""

    site: dict = field(default_factory=dict)
    committees: tuple[int, ...] = (CASCO_ID,)
    options: tuple[str, ...] = ()
    prepare: Callable[[FaultySite], None] | None = None


FIVE_MEMBERS_SITE = replace(site(OCTOBER), committees={
    **site(OCTOBER).committees, JTC_3: replace(committee(JTC_3), p_members=(IANOR, DIN, AFNOR, BSI, DPS))})
"""October's site with JTC 3's seats held by the five member bodies the member-page faults fall on: a crawl of
JTC 3 then reads the pages involved (eight), not CASCO's 211."""


def on_five_members(faults: dict, *options: str) -> Crawl:
    """A crawl of JTC 3 with the faults, its committee page and participation view seating the five member bodies."""
    pages = seating_pages(FIVE_MEMBERS_SITE, FIVE_MEMBERS_SITE.committees[JTC_3])
    return Crawl({**faults, "page_overrides": {**pages, **faults.get("page_overrides", {})}}, committees=(JTC_3,),
                 options=options)


def five_members_stored_but(*lost: int) -> dict[str, list[dict]]:
    """What a complete crawl of the five-member JTC 3 stores, less the member bodies of `lost`."""
    expected = expected_records(FIVE_MEMBERS_SITE, (JTC_3,))
    return {**expected, "MemberBody": [body for body in expected["MemberBody"] if body["member_id"] not in lost]}


CRAWLS = {
    "member pages fail": on_five_members(
        {"hangs": {member_path(BSI)},
         "page_overrides": {member_path(AFNOR): padded_to_10_mb(page(member_path(AFNOR))),
                            member_path(IANOR): in_latin_1(page(member_path(IANOR)))}},
        "--set", "DOWNLOAD_TIMEOUT=5", "--set", "RETRY_TIMES=0", "--set", f"DOWNLOAD_MAXSIZE={1024 * 1024}",
    ),
    "odd pages read whole": Crawl(
        {"status_overrides": {participation_path(CASCO_ID): 429}, "retry_after": 1, "override_times": 1,
         "page_overrides": {
             participation_path(CASCO_ID): with_tables_renamed(with_every_row_twice(
                 participation_page(with_acronym(BSI, "B\u200bSI\u00a0"), committee(CASCO_ID)))).encode(),
             committee_path(CASCO_ID): with_marked_up_titles(page(committee_path(CASCO_ID))).replace(
                 ">IAF</a>", ">\ufeffIAF&nbsp;</a>").encode(),
             member_path(BSI): member_page(with_acronym(BSI, "\u00a0BSI\u200b"), BSI).encode(),
             member_path(AFNOR): member_page(with_acronym(AFNOR, "AF\u200dNOR\u00ad"), AFNOR).encode(),
         }},
        options=("--set", "RETRY_TIMES=2"),
    ),
    "committee pages fail": Crawl(
        {"status_overrides": {committee_path(CASCO_ID): 403, committee_path(TC_176_ID): 503}, "retry_after": 0,
         "redirects": {committee_path(TC_207): f"{committee_path(TC_207)}?a", f"{committee_path(TC_207)}?a":
                       f"{committee_path(TC_207)}?b", f"{committee_path(TC_207)}?b": committee_path(TC_207)},
         "page_overrides": {committee_path(TC_212): cut_before_organization_liaisons(page(committee_path(TC_212)))}},
        committees=(CASCO_ID, TC_176_ID, SC_27, TC_207, TC_212),
        prepare=redirected_off_the_site,
    ),
    "participation views fail": Crawl(
        {"resets": {participation_path(SC_27)},
         "page_overrides": {
             participation_path(CASCO_ID): without_table_rows(page(participation_path(CASCO_ID))).encode(),
             participation_path(TC_176_ID): without_participation_tables(page(participation_path(TC_176_ID))).encode(),
             committee_path(TC_334): without_counters(page(committee_path(TC_334))).encode(),
             participation_path(JTC_3): participation_page(site(OCTOBER), replace(committee(JTC_3), o_members=(BSI,))).encode(),
         }},
        committees=(CASCO_ID, TC_176_ID, SC_27, TC_334, JTC_3),
    ),
    "member pages answer otherwise": on_five_members(
        {"status_overrides": {member_path(IANOR): 404, member_path(AFNOR): 401, member_path(DIN): 501,
                              member_path(BSI): 503},
         "retry_after": 3600, "page_overrides": {member_path(DPS): CHALLENGE_PAGE}}),
    "403 on the participation view": Crawl({"status_overrides": {participation_path(CASCO_ID): 403}}),
    "403 on three member pages": on_five_members({"status_overrides": {member_path(m): 403 for m in (IANOR, AFNOR, DIN)}}),
    "30 of CASCO's 144 members gone": Crawl(SHRUNK_SITE),
    "30 of CASCO's 144 members gone, 25% allowed": Crawl(SHRUNK_SITE, options=("--max-vanish", "0.25")),
    "robots.txt forbids JTC 3's participation view": Crawl(
        {"page_overrides": {"/robots.txt": b"User-agent: *\nDisallow: /committee/*view=participation\n"}},
        committees=(JTC_3,)),
    "CASCO's liaison headings and subgroup columns renamed": Crawl(
        {"page_overrides": {committee_path(CASCO_ID): with_liaisons_and_subgroups_relabelled(
            page(committee_path(CASCO_ID)))}}),
}


@dataclass(frozen=True)
class Crawled:
    """A crawl done: what `casco crawl` said, the database it wrote (snapshot 2), and what the site was asked."""

    result: subprocess.CompletedProcess
    db: Path
    base_url: str
    requests: list[str]

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    def snapshot(self, snapshot_id: int = 2) -> Snapshot:
        with open_database(self.db, read_only=True) as con:
            return read_snapshots(con, snapshot_id)[0]

    def records(self, snapshot_id: int = 2) -> dict[str, list[tuple]]:
        return stored_records(self.db, snapshot_id)

    def url(self, path: str) -> str:
        return self.base_url + path

    def casco(self, *args) -> subprocess.CompletedProcess:
        return run_casco(*args, "--db", self.db)


def stored_records(db: Path, snapshot_id: int) -> dict[str, list[tuple]]:
    """Every record table's rows of one snapshot (tables without rows left out)."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = {table: con.execute(f"SELECT * EXCLUDE (snapshot_id) FROM {table} WHERE snapshot_id = ? ORDER BY ALL",
                                    [snapshot_id]).fetchall() for table in RECORD_TABLES}
    return {table: rows for table, rows in found.items() if rows}


def run_crawl(crawl: Crawl, db: Path, as_of: str) -> Crawled:
    with FaultySite(OCTOBER, **crawl.site) as fixture:
        if crawl.prepare:
            crawl.prepare(fixture)
        committees = [option for committee_id in crawl.committees for option in ("--committee", committee_id)]
        result = run_casco("crawl", "--base-url", fixture.base_url, *committees, "--db", db, "--as-of", as_of,
                           *LOOPBACK, *crawl.options)
        return Crawled(result, db, fixture.base_url, list(fixture.requests))


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    """A database holding a complete snapshot of ISO/CASCO as the unchanged site states it: snapshot 1.

    Stored through the library from the site's data, which is exactly what a complete crawl stores
    (tests/spiders/test_site_crawl.py), without paying a crawl's start-up.
    """
    db = tmp_path_factory.mktemp("earlier") / "casco.duckdb"
    records = [RECORD_TYPES[name](**row) for name, rows in expected_records(OCTOBER).items() for row in rows]
    stored = casco_watch.store_snapshot(db, records, source_kind="site", source="http://127.0.0.1", scope=CASCO_SCOPE,
                                        as_of=dt.date.fromisoformat(OCTOBER), requested_committees=(CASCO_ID,)).snapshot
    assert (stored.snapshot_id, stored.status) == (1, "complete")
    return db


@pytest.fixture(scope="module")
def matrix(earlier, tmp_path_factory) -> dict[str, Crawled]:
    """Every crawl of the matrix, each onto its own copy of `earlier`."""
    root = tmp_path_factory.mktemp("matrix")

    def run(number: int, crawl: Crawl) -> Crawled:
        db = root / f"crawl-{number}" / "casco.duckdb"
        db.parent.mkdir()
        shutil.copy(earlier, db)
        return run_crawl(crawl, db, CASE_DATE)

    return {name: run(number, crawl) for number, (name, crawl) in enumerate(CRAWLS.items())}


@pytest.fixture(scope="module")
def crawled(matrix, earlier) -> Callable[[str], Crawled]:
    """A crawl by name, checked (once) to have printed no traceback and left snapshot 1 exactly as it was."""
    with open_database(earlier, read_only=True) as con:
        before = read_snapshots(con, 1)[0], stored_records(earlier, 1)
    checked = set()

    def of(name: str) -> Crawled:
        found = matrix[name]
        if name not in checked:
            assert "Traceback" not in found.output
            assert (found.snapshot(1), found.records(1)) == before
            checked.add(name)
        return found

    return of


def judged(crawled: Crawled, status: str, exit_code: int, *reasons: str) -> None:
    """The exit code, the printed verdict and the stored snapshot agree on the status, and give these reasons."""
    snapshot = crawled.snapshot()
    assert (crawled.result.returncode, snapshot.status) == (exit_code, status), crawled.output
    assert f"Snapshot 2 (as of {CASE_DATE}) in {crawled.db}: {status.upper()}" in crawled.result.stdout
    for reason in reasons:
        assert reason in snapshot.reasons, f"{reason!r} not among {snapshot.reasons}"
        assert f"  - {reason}\n" in crawled.result.stdout


def without(records: dict[str, list[tuple]], *tables: str) -> dict[str, list[tuple]]:
    return {table: rows for table, rows in records.items() if table not in tables}


def lost(crawled: Crawled, path: str) -> tuple[int | None, str]:
    """The HTTP status and reason stored for a page the crawl could not read."""
    with duckdb.connect(str(crawled.db), read_only=True) as con:
        return con.execute("SELECT http_status, reason FROM pages WHERE snapshot_id = 2 AND outcome = 'lost' AND url = ?",
                           [crawled.url(path)]).fetchall()[0]


def parts_by_status(crawled: Crawled) -> dict[str, set[str]]:
    """The new snapshot's parts by status, each as `table:committee` (or `table` for a whole table)."""
    found: dict[str, set[str]] = {}
    for part in crawled.snapshot().parts:
        name = part.record_table if part.committee_id is None else f"{part.record_table}:{part.committee_id}"
        found.setdefault(part.status, set()).add(name)
    return found


def page_not_read(crawled: Crawled, kind: str, path: str, why: str) -> str:
    return f"{kind} page {crawled.url(path)} was not read: {why}"


# HTTP refusals and server errors


def test_403_on_the_committee_page_fails_the_crawl_and_stores_no_records(crawled):
    case = crawled("committee pages fail")
    judged(case, "failed", 1,
           f"the site refused the crawler: HTTP 403 on 1 page(s), e.g. {case.url(committee_path(CASCO_ID))}; {REFUSED_ADVICE}",
           "the committee page of 45306, 53882, 54808, 54916, 54998 was not read",
           "no valid records were collected")
    assert lost(case, committee_path(CASCO_ID)) == (403, "HTTP 403")
    assert case.records() == {}
    assert "Nothing but the snapshot row, its pages and its rejects was stored" in case.result.stdout


def test_403_on_the_participation_view_holds_back_the_seats_and_keeps_the_rest(crawled):
    case = crawled("403 on the participation view")
    judged(case, "partial", 3,
           f"the site refused the crawler: HTTP 403 on 1 page(s), e.g. {case.url(participation_path(CASCO_ID))}; "
           f"{REFUSED_ADVICE}",
           "the participation page of ISO/CASCO (54998) was not read")
    assert len(case.snapshot().reasons) == 2
    assert "  not usable:    member_bodies; memberships of committee 54998\n" in case.result.stdout
    assert parts_by_status(case) == {"partial": {"memberships:54998", "member_bodies"}, "complete": {
        "committees:54998", "deliverables:54998", "liaisons:54998", "officers:54998", "subgroups:54998",
        "organizations"}}
    assert case.records() == without(case.records(1), "memberships", "member_bodies")


def test_403_on_a_few_member_pages_holds_back_the_member_bodies_and_keeps_the_seats(crawled):
    case = crawled("403 on three member pages")
    refusal, *others = case.snapshot().reasons
    assert re.fullmatch(rf"the site refused the crawler: HTTP 403 on 3 page\(s\), e\.g\. "
                        rf"{re.escape(case.base_url)}/member/({IANOR}|{AFNOR}|{DIN})\.html; {re.escape(REFUSED_ADVICE)}",
                        refusal)
    judged(case, "partial", 3, refusal, f"no member-body page was read for 3 member(s): ids {IANOR}, {DIN}, {AFNOR}")
    assert len(others) == 1
    assert "  not usable:    member_bodies\n" in case.result.stdout
    assert parts_by_status(case)["partial"] == {"member_bodies"}
    assert_same_records(records_by_model(case.db, 2), five_members_stored_but(IANOR, AFNOR, DIN))


def test_429_with_retry_after_is_waited_out_and_the_crawl_is_complete(crawled):
    case = crawled("odd pages read whole")
    judged(case, "complete", 0)
    assert case.snapshot().pages_by_status == {"200": 211, "429": 1}
    assert case.requests.count(participation_path(CASCO_ID)) == 2


def test_503_beyond_the_retries_loses_the_page_with_its_status(crawled):
    case = crawled("committee pages fail")
    judged(case, "failed", 1, page_not_read(case, "committee", committee_path(TC_176_ID), "HTTP 503"))
    assert case.requests.count(committee_path(TC_176_ID)) == 2


# Transport failures


def test_a_connection_reset_loses_the_page_and_says_the_connection_was_lost(crawled):
    case = crawled("participation views fail")
    judged(case, "partial", 3,
           page_not_read(case, "participation", participation_path(SC_27),
                         "DownloadFailedError: ConnectionLost: Connection to the other side was lost in a non-clean fashion."),
           "the participation page of ISO/IEC JTC 1/SC 27 (45306) was not read")
    assert case.requests.count(participation_path(SC_27)) == 2
    assert SC_27 not in {row[0] for row in case.records()["memberships"]}


def test_a_page_robots_txt_forbids_is_never_asked_for_and_its_parts_are_partial(crawled):
    """NOTES §4.2: iso.org's robots.txt is obeyed (ROBOTSTXT_OBEY); a page it forbids is a page lost, said as such."""
    case = crawled("robots.txt forbids JTC 3's participation view")
    judged(case, "partial", 3, page_not_read(case, "participation", participation_path(JTC_3), "Forbidden by robots.txt"),
           "the participation page of IEC/ISO JTC 3 (10138914) was not read")
    assert participation_path(JTC_3) not in case.requests and "/robots.txt" in case.requests
    assert parts_by_status(case)["partial"] == {"member_bodies", f"memberships:{JTC_3}"}


def test_a_page_that_hangs_is_given_up_after_the_download_timeout(crawled):
    case = crawled("member pages fail")
    url = case.url(member_path(BSI))
    judged(case, "partial", 3, f"member page {url} was not read: DownloadTimeoutError: Getting {url} took longer than 5.0 seconds")


def test_a_page_over_the_size_limit_is_not_downloaded_and_the_reason_names_the_limit(crawled):
    case = crawled("member pages fail")
    status, reason = lost(case, member_path(AFNOR))
    assert status is None
    assert reason == "the response is larger than the download size limit of 1048576 bytes (DOWNLOAD_MAXSIZE)"
    judged(case, "partial", 3, page_not_read(case, "member", member_path(AFNOR), reason))


def test_member_pages_lost_leave_the_seats_stored_but_the_snapshot_partial(crawled):
    case = crawled("member pages fail")
    judged(case, "partial", 3, f"no member-body page was read for 3 member(s): ids {IANOR}, {AFNOR}, {BSI}")
    assert len(case.snapshot().reasons) == 4
    assert_same_records(records_by_model(case.db, 2), five_members_stored_but(IANOR, AFNOR, BSI))


def test_a_redirect_off_the_site_is_never_followed_and_the_reason_says_where_it_led(crawled):
    case = crawled("committee pages fail")
    target = f"http://localhost:{case.base_url.rsplit(':', 1)[1]}{committee_path(SC_27)}?moved"
    judged(case, "failed", 1, page_not_read(case, "committee", committee_path(SC_27),
                                            f"HTTP 302 redirect off the site to {target}, not followed"))
    assert f"{committee_path(SC_27)}?moved" not in case.requests


def test_a_redirect_loop_is_cut_where_it_closes_and_reported(crawled):
    case = crawled("committee pages fail")
    hops = (committee_path(TC_207), f"{committee_path(TC_207)}?a", f"{committee_path(TC_207)}?b", committee_path(TC_207))
    judged(case, "failed", 1, page_not_read(case, "committee", hops[2],
                                            "HTTP 302 redirect loop: " + " -> ".join(map(case.url, hops))))
    assert [case.requests.count(hop) for hop in hops[:3]] == [1, 1, 1]


# Pages that arrive but do not say what they should


def test_participation_tables_with_new_ids_are_found_by_their_headings(crawled):
    case = crawled("odd pages read whole")
    judged(case, "complete", 0)
    assert case.records()["memberships"] == case.records(1)["memberships"]


def test_a_participation_view_without_its_tables_is_a_lost_page_and_no_member_leaves(crawled):
    case = crawled("participation views fail")
    judged(case, "partial", 3,
           page_not_read(case, "participation", participation_path(TC_176_ID),
                         "no participation table: missing #datatable-PART_P_OC or a heading 'Participating members' "
                         "and #datatable-PART_O_OC or a heading 'Observing members'"),
           "the participation page of ISO/TC 176 (53882) was not read")
    assert TC_176_ID not in {row[0] for row in case.records()["memberships"]}


def test_empty_participation_tables_under_counters_of_95_and_49_are_partial_and_store_no_seats(crawled):
    case = crawled("participation views fail")
    url = case.url(participation_path(CASCO_ID))
    judged(case, "partial", 3,
           f"participation page {url}: found 0 participating members, the committee page of ISO/CASCO declares 95",
           f"participation page {url}: found 0 observing members, the committee page of ISO/CASCO declares 49")
    assert CASCO_ID not in {row[0] for row in case.records()["memberships"]}


def test_a_committee_page_without_counters_leaves_the_seats_and_documents_unchecked_so_partial(crawled):
    case = crawled("participation views fail")
    judged(case, "partial", 3,
           "the committee page of ISO/TC 334 declares no participating member count to check",
           "the committee page of ISO/TC 334 declares no observing member count to check",
           "the committee page of ISO/TC 334 declares no count of published standards to check",
           "the committee page of ISO/TC 334 declares no count of standards under development to check")
    with duckdb.connect(str(case.db), read_only=True) as con:
        assert con.execute("SELECT participating_members, observing_members, count(m.member_id) FROM committees c "
                           "JOIN memberships m USING (snapshot_id, committee_id) WHERE snapshot_id = 2 "
                           "AND committee_id = ? GROUP BY ALL", [TC_334]).fetchall() == [(None, None, 44)]


def test_duplicated_rows_are_one_seat_each(crawled):
    case = crawled("odd pages read whole")
    judged(case, "complete", 0)
    assert len(case.records()["memberships"]) == 144


def test_a_member_listed_as_both_p_and_o_is_a_conflict_never_a_guess(crawled):
    case = crawled("participation views fail")
    url = case.url(participation_path(JTC_3))
    judged(case, "partial", 3,
           f"participation page {url}: found 0 participating members, the committee page of IEC/ISO JTC 3 declares 1",
           f"participation page {url}: found 1 observing members, the committee page of IEC/ISO JTC 3 declares 0",
           f"conflicting Membership records for ({JTC_3}, {BSI}): status: 'P' vs 'O'")


def test_a_page_cut_off_before_its_end_is_refused_rather_than_read_short(crawled):
    case = crawled("committee pages fail")
    size = len(cut_before_organization_liaisons(page(committee_path(TC_212))))
    judged(case, "failed", 1, page_not_read(
        case, "committee", committee_path(TC_212),
        f"the page was cut off: {size:,} bytes arrived without the closing </html>; crawl again later"))


def test_a_page_not_in_its_declared_encoding_is_refused_rather_than_stored_garbled(crawled):
    case = crawled("member pages fail")
    body = in_latin_1(page(member_path(IANOR)))
    offset = next(index for index, byte in enumerate(body) if byte > 127)
    judged(case, "partial", 3, page_not_read(
        case, "member", member_path(IANOR),
        f"the page is not valid utf-8, the encoding it declares (byte {body[offset]:#04x} at offset {offset:,}); "
        "its text would be garbled, so it was not read"))
    assert not any("\ufffd" in str(row) for rows in case.records().values() for row in rows)


def test_invisible_characters_in_acronyms_are_folded_away(crawled):
    case = crawled("odd pages read whole")
    judged(case, "complete", 0)
    for table in ("member_bodies", "liaisons"):
        assert case.records()[table] == case.records(1)[table]


def test_markup_and_script_in_titles_are_dropped_and_the_words_kept(crawled):
    case = crawled("odd pages read whole")
    judged(case, "complete", 0)
    for table in ("committees", "subgroups"):
        assert case.records()[table] == case.records(1)[table]


# What each lost page is stored as: its cause, which advice is chosen by, beside its reason


def test_other_error_statuses_a_retry_after_too_long_and_a_challenge_each_lose_their_page(crawled):
    case = crawled("member pages answer otherwise")
    judged(case, "partial", 3,
           page_not_read(case, "member", member_path(IANOR), "HTTP 404"),
           page_not_read(case, "member", member_path(AFNOR), "HTTP 401"),
           page_not_read(case, "member", member_path(DIN), "HTTP 501"),
           page_not_read(case, "member", member_path(BSI), "HTTP 503; not retried: the server asked to wait 3600 s "
                         "(Retry-After), longer than the 300 s this crawl waits (CASCO_RETRY_AFTER_MAX); try again later"))
    assert case.requests.count(member_path(BSI)) == 1
    assert lost(case, member_path(DPS)) == (200, "met a JavaScript challenge (Cloudflare): HTTP 200, \"Just a moment...\" "
                                                  "page title")


@pytest.mark.parametrize("name, path, cause", [
    ("committee pages fail", committee_path(CASCO_ID), "refused"),
    ("committee pages fail", committee_path(TC_176_ID), "throttled"),
    ("committee pages fail", committee_path(SC_27), "redirect_off_site"),
    ("committee pages fail", f"{committee_path(TC_207)}?b", "redirect_loop"),
    ("committee pages fail", committee_path(TC_212), "unreadable"),
    ("member pages fail", member_path(BSI), "timeout"),
    ("member pages fail", member_path(AFNOR), "too_large"),
    ("member pages fail", member_path(IANOR), "unreadable"),
    ("participation views fail", participation_path(SC_27), "connection_lost"),
    ("participation views fail", participation_path(TC_176_ID), "layout"),
    ("member pages answer otherwise", member_path(IANOR), "not_found"),
    ("member pages answer otherwise", member_path(AFNOR), "http_error"),
    ("member pages answer otherwise", member_path(DIN), "server_error"),
    ("member pages answer otherwise", member_path(BSI), "retry_after_too_long"),
    ("member pages answer otherwise", member_path(DPS), "challenge"),
    ("403 on three member pages", member_path(DIN), "refused"),
])
def test_each_lost_page_is_stored_with_its_cause(crawled, name, path, cause):
    case = crawled(name)
    with duckdb.connect(str(case.db), read_only=True) as con:
        assert con.execute("SELECT cause FROM pages WHERE snapshot_id = 2 AND url = ?",
                           [case.url(path)]).fetchall() == [(cause,)]


def test_pages_read_have_no_cause(crawled):
    with duckdb.connect(str(crawled("member pages fail").db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT cause FROM pages WHERE snapshot_id = 2 AND outcome = 'parsed'").fetchall() == [
            (None,)]


# Each shared crawl reports its cases' reasons and nothing else


@pytest.mark.parametrize("name, count", [
    ("member pages fail", 4), ("committee pages fail", 7), ("participation views fail", 13),
    ("member pages answer otherwise", 6)])
def test_a_shared_crawl_reports_its_faults_and_nothing_else(crawled, name, count):
    reasons = crawled(name).snapshot().reasons
    assert len(reasons) == len(set(reasons)) == count, reasons


def test_odd_pages_read_whole_store_exactly_what_the_earlier_complete_crawl_stored(crawled):
    case = crawled("odd pages read whole")
    assert case.snapshot().reasons == []
    assert case.records() == case.records(1)


# Plausibility: a committee that loses many members at once while its counters agree


def test_a_fifth_of_a_committee_gone_at_once_is_held_back_as_suspect_until_accepted(crawled):
    case = crawled("30 of CASCO's 144 members gone")
    judged(case, "partial", 3,
           "30 of the 144 members of committee 54998 in snapshot 1 (as of 2026-10-01) vanished at once, more than the "
           "20% one crawl may lose (--max-vanish); stored as suspect, out of diffs and history until `casco accept` "
           "confirms it")
    assert parts_by_status(case)["suspect"] == {"memberships:54998", "member_bodies"}  # the bodies go with their list
    assert ("  suspect: memberships of committee 54998; if iso.org confirms it, `casco accept 2 --committee 54998 "
            f"--db {case.db}` lets diffs and history use it\n") in case.result.stdout
    assert len(case.records()["memberships"]) == 114
    bodies_now = "SELECT count(*) FROM latest_member_bodies"
    assert list(json.loads(case.casco("query", bodies_now, "--format", "json").stdout)[0].values()) == [
        len(expected_records(OCTOBER)["MemberBody"])]
    seats_now = "SELECT (SELECT count(*) FROM latest_memberships), (SELECT count(*) FROM membership_history WHERE is_current)"

    held_back = json.loads(case.casco("diff", "--format", "json").stdout)
    assert held_back["summary"]["memberships_left"] == 0
    assert any(warning.startswith("memberships of committee 54998 not compared: it is suspect in snapshot 2")
               for warning in held_back["warnings"])
    assert list(json.loads(case.casco("query", seats_now, "--format", "json").stdout)[0].values()) == [144, 144]

    refused = case.casco("accept", 2)
    assert (refused.returncode, refused.stderr) == (1, "casco: snapshot 2 has no part memberships (whole table); "
                                                       "its suspect parts: casco accept 2 --committee 54998\n")
    accepted = case.casco("accept", 2, "--committee", CASCO_ID)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("Snapshot 2: memberships of committee 54998 accepted; it is now complete.\n"
                                      "What it changed since snapshot 1 was in no default diff or notification")
    assert f"`casco notify 1 2 --to URL --db {case.db}` sends it." in accepted.stdout
    assert json.loads(case.casco("diff", "--format", "json").stdout)["summary"]["memberships_left"] == 30
    assert list(json.loads(case.casco("query", seats_now, "--format", "json").stdout)[0].values()) == [114, 114]
    assert case.snapshot().status == "complete"


def test_liaisons_and_subgroups_the_parser_no_longer_finds_are_never_reported_gone(crawled):
    """Liaison lists under another wording are rejects (their part partial); a subgroup table with a renamed column
    reads as no subgroups, which the plausibility check holds back (the part suspect)."""
    case = crawled("CASCO's liaison headings and subgroup columns renamed")
    subgroups = sum(row["committee_id"] == CASCO_ID for row in expected_records(OCTOBER)["Subgroup"])
    judged(case, "partial", 3,
           f"{subgroups} of the {subgroups} subgroups of committee 54998 in snapshot 1 (as of 2026-10-01) vanished at "
           "once, more than the 20% one crawl may lose (--max-vanish); stored as suspect, out of diffs and history "
           "until `casco accept` confirms it")
    assert case.snapshot().reasons[0].startswith(
        "4 Liaison record(s) failed validation (8 row(s) under 'Committees in liaison to ISO/CASCO', a liaison heading "
        "parsers/liaisons.py does not read")
    assert (parts_by_status(case)["partial"], parts_by_status(case)["suspect"]) == (
        {"liaisons:54998", "organizations"}, {"subgroups:54998"})  # the organizations' pages are found from the lists
    assert ("  suspect: subgroups of committee 54998; if iso.org confirms it, `casco accept 2 --committee 54998 "
            f"--table subgroups --db {case.db}` lets diffs and history use it\n") in case.result.stdout

    held_back = json.loads(case.casco("diff", "--format", "json").stdout)
    summary = held_back["summary"]
    assert (summary["liaisons_removed"], summary["subgroups_removed"], summary["memberships_left"]) == (0, 0, 0)
    for table in ("liaisons", "subgroups"):
        assert any(f"{table} of committee 54998" in warning.split(" not compared: ")[0]
                   for warning in held_back["warnings"]), held_back["warnings"]
    latest = ("SELECT (SELECT count(*) FROM latest_liaisons WHERE committee_id = 54998), "
              "(SELECT count(*) FROM latest_subgroups WHERE committee_id = 54998)")
    liaisons = sum(row["committee_id"] == CASCO_ID for row in expected_records(OCTOBER)["Liaison"])
    assert list(json.loads(case.casco("query", latest, "--format", "json").stdout)[0].values()) == [liaisons, subgroups]


def test_a_larger_share_allowed_with_max_vanish_lets_the_same_crawl_through(crawled):
    case = crawled("30 of CASCO's 144 members gone, 25% allowed")
    judged(case, "complete", 0)
    assert "suspect" not in parts_by_status(case)
    assert json.loads(case.casco("diff", "--format", "json").stdout)["summary"]["memberships_left"] == 30


@pytest.mark.parametrize("share", ["1.5", "-0.1"])
def test_a_max_vanish_outside_0_to_1_is_a_usage_error(casco, tmp_path, share):
    result = casco("crawl", "--max-vanish", share, "--db", tmp_path / "casco.duckdb")
    assert result.returncode == 2 and "--max-vanish" in result.stderr
