"""The rendered fixture site: iso.org's markup family, every page reachable, and files for people to read."""

import pytest

from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_pages
from casco_watch.fixture_site.render import write_site
from casco_watch.fixture_site.site_data import site


def test_pages_look_like_iso_org():
    html = fixture_pages(FIXTURE_STATES[0])["committee/54998.html"]
    for mark in ('<main role="main" id="content"', "section-navigation", "OneTrust", '<div class="entry-label">', "&nbsp;:&nbsp;", 'data-title="Reference"', 'href="/fr/'):
        assert mark in html


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_every_committee_member_and_organization_has_its_pages(state):
    data, pages = site(state), fixture_pages(state)
    expected = {"robots.txt"}
    expected |= {f"committee/{c}.html" for c in data.committees} | {f"committee/{c}.participation.html" for c in data.committees}
    expected |= {f"member/{m}.html" for m in data.members_of(data.committees)}
    expected |= {f"organization/{o}.html" for o in data.organizations_of(data.committees)}
    assert set(pages) == expected


def test_the_pages_can_be_written_out_to_read(tmp_path):
    write_site(tmp_path)
    for state in FIXTURE_STATES:
        written = {p.relative_to(tmp_path / state).as_posix() for p in (tmp_path / state).rglob("*") if p.is_file()}
        assert written == set(fixture_pages(state))
