"""`casco notify` and `casco crawl --notify` against a real webhook receiver on 127.0.0.1."""

import datetime as dt
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

import casco_watch
from casco_watch.cli import main
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES, site
from casco_watch.publishing.notify import changes_since_previous, message
from casco_watch.publishing.rendering import to_json
from casco_watch.schemas import Committee, LossCause, MemberBody, Membership, PageFailure
from tests.cli.test_cli import assert_one_line_error
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite, seating_pages
from tests.spiders.test_site_crawl import LOOPBACK

CASCO = 54998
AFNOR, DIN, SCC = 1738, 1511, 1619


def casco_records(*seats: tuple[int, str]) -> list:
    labels = {AFNOR: ("AFNOR", "France"), DIN: ("DIN", "Germany"), SCC: ("SCC", "Canada")}
    return [
        Committee(committee_id=CASCO, reference="ISO/CASCO", title="Committee on conformity assessment"),
        *(Membership(committee_id=CASCO, member_id=member, status=status) for member, status in seats),
        *(MemberBody(member_id=member, acronym=labels[member][0], country=labels[member][1]) for member, _ in seats),
    ]


def store(db, as_of: str, records: list) -> casco_watch.Snapshot:
    return casco_watch.store_snapshot(db, records, source_kind="site", source="test", scope="site:test",
                                      as_of=dt.date.fromisoformat(as_of)).snapshot


@pytest.fixture
def hook(httpserver):
    """A webhook receiver: every POST to /hook is answered 200 and kept in `httpserver.log`."""
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return httpserver.url_for("/hook")


def posts(httpserver) -> list[dict]:
    return [request.get_json() for request, _ in httpserver.log if request.path == "/hook"]


def test_a_change_is_posted_once_as_the_diffs_json_summary_and_markdown(casco, tmp_path, httpserver, hook):
    db = tmp_path / "casco.duckdb"
    store(db, "2026-10-01", casco_records((AFNOR, "P"), (DIN, "P")))
    store(db, "2026-11-01", casco_records((AFNOR, "O"), (DIN, "P"), (SCC, "O")))

    result = casco("notify", "--to", hook, "--db", db)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Notification: sent the changes from snapshot 1 to snapshot 2 to http://127.0.0.1."
    )
    (body,) = posts(httpserver)
    assert body["summary"] == json.loads(casco("diff", "--db", db, "--format", "json").stdout)["summary"]
    assert body["summary"]["p_to_o"] == 1 and body["summary"]["memberships_joined"] == 1
    assert (body["from"]["snapshot_id"], body["to"]["snapshot_id"]) == (1, 2)
    assert body["markdown"] == casco("diff", "--db", db, "--format", "markdown").stdout.rstrip("\n")
    assert "| p_to_o | 54998 | ISO/CASCO | 1738 | AFNOR | France | P | O |" in body["markdown"]


def test_other_targets_go_through_apprise_with_the_markdown(casco, tmp_path, httpserver):
    """apprise's own json:// client, pointed at the loopback receiver, stands for mailto://, slack://, ..."""
    httpserver.expect_request("/apprise", method="POST").respond_with_data("ok")
    db = tmp_path / "casco.duckdb"
    store(db, "2026-10-01", casco_records((AFNOR, "P")))
    store(db, "2026-11-01", casco_records((AFNOR, "O")))

    result = casco("notify", "--to", f"json://127.0.0.1:{httpserver.port}/apprise", "--db", db)

    assert result.returncode == 0, result.stderr
    (request,) = [request for request, _ in httpserver.log]
    sent = request.get_json()
    assert sent["title"] == "casco-watch: changes from 2026-10-01 to 2026-11-01 (1 status changed, 1 p to o)"
    assert sent["message"] == casco("diff", "--db", db, "--format", "markdown").stdout.rstrip("\n")


def test_nothing_is_sent_when_nothing_changed(casco, tmp_path, httpserver, hook):
    db = tmp_path / "casco.duckdb"
    for as_of in ("2026-10-01", "2026-11-01"):
        store(db, as_of, casco_records((AFNOR, "P")))

    result = casco("notify", "--to", hook, "--db", db)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Notification: nothing sent, nothing changed from snapshot 1 to snapshot 2."
    assert posts(httpserver) == []


def test_nothing_is_sent_for_a_snapshot_that_is_not_complete(casco, tmp_path, httpserver, hook):
    db = tmp_path / "casco.duckdb"
    store(db, "2026-10-01", casco_records((AFNOR, "P")))
    lost = PageFailure(url="https://www.iso.org/member/1511.html", page_kind="member", cause=LossCause.NOT_FOUND,
                       reason="HTTP 404", http_status=404)
    partial = store(db, "2026-11-01", [*casco_records((DIN, "P")), lost])
    assert partial.status == "partial"

    result = casco("notify", "1", "2", "--to", hook, "--db", db)

    assert result.returncode == 0, result.stderr
    assert "nothing sent, snapshot 2 (2026-11-01, site, partial) is not complete" in result.stdout
    assert posts(httpserver) == []


def test_a_first_snapshot_sends_nothing_as_after_a_crawl_but_a_named_missing_one_is_an_error(
    casco, tmp_path, httpserver, hook
):
    db = tmp_path / "casco.duckdb"
    store(db, "2026-10-01", casco_records((AFNOR, "P")))

    result = casco("notify", "--to", hook, "--db", db)

    assert result.returncode == 0, result.stderr
    assert "Notification: nothing sent, there are not yet two snapshots of one source that are complete" in result.stdout
    assert_one_line_error(casco("notify", "1", "7", "--to", hook, "--db", db), "there is no snapshot 7")
    assert posts(httpserver) == []


def test_a_notification_that_cannot_be_delivered_is_one_line_and_exit_1(casco, tmp_path, httpserver):
    httpserver.expect_request("/broken", method="POST").respond_with_data("down", status=500)
    db = tmp_path / "casco.duckdb"
    store(db, "2026-10-01", casco_records((AFNOR, "P")))
    store(db, "2026-11-01", casco_records((AFNOR, "O")))
    assert_one_line_error(casco("notify", "--to", httpserver.url_for("/broken"), "--db", db), "notification failed",
                          "the webhook at http://127.0.0.1 answered HTTP 500")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("unknown-scheme://example", "unknown-scheme://example is not a notification URL apprise understands"),
        ("notaurl", "'notaurl' is not a notification URL apprise understands"),
        ("https:///hook", "'https:///hook' is a webhook URL without a host"),
    ],
)
@pytest.mark.parametrize("option", ["notify --to", "crawl --base-url http://127.0.0.1:9 --notify"])
def test_a_url_nothing_can_be_sent_to_is_a_usage_error_before_anything_runs(tmp_path, option, target, message):
    db = tmp_path / "casco.duckdb"
    result = CliRunner().invoke(main, [*option.split(), target, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option.split()[-1]}': {message}" in result.output
    assert not db.exists()


def test_an_empty_crawl_notify_sends_nothing_as_an_unset_variable_in_the_documented_crontab_gives(tmp_path):
    """docs/scheduling.md's crontab passes --notify "$CASCO_NOTIFY_URL"; unset, the crawl runs all the same."""
    db = tmp_path / "casco.duckdb"
    with FixtureSite(STATES[0]) as site:
        result = CliRunner().invoke(main, ["crawl", "--base-url", site.base_url, *LOOPBACK, "--notify", "",
                                           "--committee", str(SMALL_COMMITTEE), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Notification" not in result.output
    assert CliRunner().invoke(main, ["notify", "--to", "", "--db", str(db)]).exit_code == 2


def test_crawl_notify_posts_once_when_the_site_changed_and_a_failed_notice_keeps_the_exit_code(
    casco, tmp_path, httpserver, hook
):
    """Crawls of the small committee; between the first and the second its one member becomes an observer."""
    httpserver.expect_request("/broken", method="POST").respond_with_data("down", status=500)
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0]) as site:
        def crawl(as_of, url):
            return casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                         "--as-of", as_of, "--notify", url, *LOOPBACK)

        first = crawl(STATES[0], hook)
        site.page_overrides = its_member_observing(SMALL_COMMITTEE)
        second = crawl(STATES[1], hook)
        site.page_overrides = {}
        third = crawl("2026-11-02", httpserver.url_for("/broken"))

    assert first.returncode == 0, first.stdout + first.stderr
    assert "Notification: nothing sent, snapshot 1 is the first complete snapshot" in first.stdout
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Notification: sent the changes from snapshot 1 to snapshot 2" in second.stdout
    (body,) = posts(httpserver)
    assert body["summary"] == casco_watch.diff(db, 1, 2).summary()
    assert body["summary"]["p_to_o"] == 1

    assert third.returncode == 0 and ": COMPLETE" in third.stdout
    assert third.stderr.strip().splitlines()[-1] == (  # after the crawl's progress lines
        "casco: notification failed (the snapshot is stored all the same): the webhook at http://127.0.0.1 answered HTTP 500"
    )
    assert [snapshot.status for snapshot in casco_watch.snapshots(db)] == ["complete"] * 3


def its_member_observing(committee_id: int) -> dict[str, bytes]:
    """A committee's page and participation view (October's) with its participating members turned observers."""
    data = site(STATES[0])
    committee = data.committees[committee_id]
    return seating_pages(data, replace(committee, p_members=(), o_members=(*committee.p_members, *committee.o_members)))


def crawl_notify_message(db, stored) -> dict:
    """The JSON body `casco crawl --notify` sends after storing `stored`."""
    with casco_watch.open_database(db, read_only=True) as con:
        return json.loads(to_json(message(changes_since_previous(con, stored))))


def test_notify_without_snapshots_sends_what_crawl_notify_sends_each_change_once_across_a_partial_crawl(
    tmp_path, httpserver, hook
):
    """Complete, then the participation view refused, then complete, with `casco notify` after each crawl: the
    partial crawl's complete parts are sent at once, its other parts with the next complete crawl."""
    from tests.pipeline.test_default_diff_after_partial import (
        NOVEMBER, OCTOBER, participation_refused, records, visits,
    )
    from tests.pipeline.test_default_diff_after_partial import store as store_site

    db = tmp_path / "casco.duckdb"
    first = store_site(db, OCTOBER, [*records(OCTOBER), *visits("committee", "participation")])
    partial = store_site(db, "2026-10-15", participation_refused(NOVEMBER))
    assert partial.status == "partial"
    sent_after_partial = CliRunner().invoke(main, ["notify", "--to", hook, "--db", str(db)])
    crawl_notify_then = crawl_notify_message(db, partial)
    last = store_site(db, NOVEMBER, [*records(NOVEMBER), *visits("committee", "participation")])
    sent_after_last = CliRunner().invoke(main, ["notify", "--to", hook, "--db", str(db)])

    for result in (sent_after_partial, sent_after_last):
        assert result.exit_code == 0, result.output
    then, now = posts(httpserver)
    assert then == crawl_notify_then
    assert now == crawl_notify_message(db, last)
    assert (now["from"]["snapshot_id"], now["to"]["snapshot_id"]) == (first.snapshot_id, last.snapshot_id)
    assert f"snapshot {first.snapshot_id} to {last.snapshot_id}: member_bodies, memberships of committee {CASCO};" in (
        now["markdown"])
    everything = casco_watch.diff(db, first.snapshot_id, last.snapshot_id).summary()
    assert {key: then["summary"][key] + now["summary"][key] for key in everything} == everything
    assert (now["summary"]["memberships_left"], now["summary"]["status_changed"], then["summary"]["officers_changed"],
            now["summary"]["officers_changed"]) == (2, 2, 1, 0)
