"""casco_watch.report and casco_watch.notify: the page and the notification of real Open Data, as calls."""

import pytest
from markupsafe import escape

import casco_watch
from casco_watch.publishing.answers import diff_as_text
from tests.casco_watch.real_dumps import largest_committee, two_dumps_db  # noqa: F401 (fixtures)
from tests.cli.test_notify_cli import hook, posts  # noqa: F401 (a fixture)
from tests.realdata.plain_reading import DUMPS, read_dump, skip_without_dumps


def test_report_writes_the_page_of_the_committees_asked_for(two_dumps_db, tmp_path):
    committee = largest_committee(DUMPS[-1])
    dump = read_dump(DUMPS[-1])
    out = tmp_path / "pages" / "report.html"

    written = casco_watch.report(two_dumps_db, out, committees=[committee])

    assert written.path == out and written.references() == [dump.references[committee]]
    page = out.read_text(encoding="utf-8")
    members = [dump.acronyms["member_body", member] for owner, member in dump.memberships if owner == committee]
    assert all(str(escape(acronym)) in page for acronym in members)
    assert "ISO Open Data" in page and not out.with_name("report.html.pending").exists()


def test_notify_posts_the_default_diff_once_and_says_what_it_sent(two_dumps_db, httpserver, hook):
    notification = casco_watch.notify(two_dumps_db, hook)

    diff = casco_watch.diff(two_dumps_db)
    assert notification.sent and notification.reason is None
    assert notification.target == "http://127.0.0.1"
    (body,) = posts(httpserver)
    assert body["summary"] == diff.summary() == notification.changes.summary()
    assert (body["from"]["snapshot_id"], body["to"]["snapshot_id"]) == (1, 2)
    assert body["markdown"] == diff_as_text(diff, "markdown")


def test_notify_after_a_first_snapshot_sends_nothing_and_says_why(tmp_path, httpserver, hook):
    skip_without_dumps()
    db = tmp_path / "casco.duckdb"
    casco_watch.load_opendata(DUMPS[-1], db)

    notification = casco_watch.notify(db, hook)

    assert not notification.sent and notification.changes is None
    assert notification.reason.startswith("there are not yet two snapshots of one source"), notification.reason
    assert posts(httpserver) == []


def test_notify_refuses_a_target_nothing_can_be_sent_to_before_reading_anything(tmp_path):
    with pytest.raises(casco_watch.NotifyError, match="not a notification URL apprise understands"):
        casco_watch.notify(tmp_path / "none.duckdb", "nosuchscheme://somewhere")


def test_notify_says_why_it_failed_to_deliver(two_dumps_db, httpserver):
    httpserver.expect_request("/gone", method="POST").respond_with_data("no", status=410)
    with pytest.raises(casco_watch.NotifyError, match="answered HTTP 410"):
        casco_watch.notify(two_dumps_db, httpserver.url_for("/gone"))
