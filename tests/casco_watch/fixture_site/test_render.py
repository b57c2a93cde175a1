"""The rendered fixture site: iso.org's markup family, every page reachable, and files for people to read."""

import re

import pytest

from casco_watch.fixture_site.render import PAGE_STYLES, write_site
from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_pages
from casco_watch.fixture_site.site_data import site


def test_pages_look_like_iso_org():
    html = fixture_pages(FIXTURE_STATES[0])["committee/54998.html"]
    for mark in ('<main role="main" id="content"', "section-navigation", "OneTrust", '<div class="entry-label">', "&nbsp;:&nbsp;", 'data-title="Reference"', 'href="/fr/'):
        assert mark in html


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_every_committee_member_organization_and_document_has_its_pages(state):
    data, pages = site(state), fixture_pages(state)
    expected = {"robots.txt"}
    expected |= {f"committee/{c}.html" for c in data.committees} | {f"committee/{c}.participation.html" for c in data.committees}
    expected |= {f"member/{m}.html" for m in data.members_of(data.committees)}
    expected |= {f"organization/{o}.html" for o in data.organizations_of(data.committees)}
    expected |= {f"committee/{c}.catalogue.html" for c in data.committees}
    expected |= {f"standard/{d.deliverable_id}.html" for c in data.committees for d in data.work_programme(c)}
    assert set(pages) == expected


def test_the_pages_can_be_written_out_to_read(tmp_path):
    write_site(tmp_path)
    for state in FIXTURE_STATES:
        written = {p.relative_to(tmp_path / state).as_posix() for p in (tmp_path / state).rglob("*") if p.is_file()}
        assert written == set(fixture_pages(state))


def _in_one_list_item(html, *labels):
    """Whether one `<li>` of the page holds all these labels."""
    items = re.findall(r"<li>(?:(?!</li>).)*</li>", html, re.S)
    return any(all(label in item for label in labels) for item in items)


@pytest.mark.parametrize(
    ("committee_id", "shown"),
    [
        (54998, '<span class="d-block mb-3 ">ISO/CASCO</span>\n      <span class="lead d-block mb-3">Committee on conformity assessment</span></h1>'),
        (54998, '<div class="entry-label">Secretary</div>&nbsp;:&nbsp;<span class="entry-name">Ms&nbsp;Cristina Draghici</span>'),
        (54998, '<div class="entry-label">ISO Technical Programme Manager [TPM]</div>'),
        (54998, "Working group *"),
        (54998, "Published ISO standards&nbsp;*"),
        (53882, "<h1>ISO/TC 176<br>Quality management and quality assurance</h1>"),
        (53882, '<div class="entry-label">Technical Programme Manager (TPM)&nbsp;:</div>'),
        (45306, '<a href="/committee/45020.html" title="Parent committee">ISO/IEC JTC 1</a>'),
        (54808, "<h1>ISO/TC 207</h1>\n    <h2>Environmental management</h2>"),
        (54808, '<span class="entry-label">ISO Technical Programme Manager:</span>'),
        (54808, "Sub committee **"),
        (54916, '<h1>ISO/TC 212</h1>\n    <p class="lead">'),
        (54916, '<div class="entry-label">Committee Manager</div> <span class="entry-name">'),
        (537864, '<h1>ISO/TC 232</h1>\n    <span class="lead">'),
        (537864, '<span class="entry-label">Chairperson (until end 2027)</span> : <span class="entry-name">Mr&nbsp;Klaus Fischer</span> <span class="entry-label">Vice-chair</span>'),
        (537864, "Dr.&nbsp;Maria Santos"),
        (6131376, "<h1>\n      ISO/TC 304\n      Healthcare organization management\n    </h1>"),
        (8300629, '<a href="/committee/8300629.html">ISO/TC 334</a>\n    </div>\n    <h1>Reference materials</h1>'),
        (8300629, "Dr&nbsp;Angelique Botha (until end 2027)</span>"),
        (4395817, '<span class="badge bg-warning">[STANDBY]</span>'),
        (10138914, '<h1><span class="d-block mb-3">IEC/ISO JTC 3</span><span class="lead d-block mb-3">'),
        (10138914, "ISO standards under development&nbsp;**"),
    ],
)
def test_the_committees_between_them_show_every_documented_layout(committee_id, shown):
    assert shown in fixture_pages(FIXTURE_STATES[0])[f"committee/{committee_id}.html"]


def test_casco_page_looks_as_notes_describes_it():
    """NOTES §2.1: a Secretary (no member-body Secretariat); chair and vice-chair in one item; TPM and EM in one item."""
    for state in FIXTURE_STATES:
        html = fixture_pages(state)["committee/54998.html"]
        assert 'entry-label">Secretariat' not in html
        assert _in_one_list_item(html, "Chairperson (until end ", "Vice-chair</div>&nbsp;:&nbsp;<span class=\"entry-name\">Prof.&nbsp;Anna Lindqvist")
        assert _in_one_list_item(html, "ISO Technical Programme Manager [TPM]", "ISO Editorial Manager [EM]")


def test_every_committee_has_a_page_style():
    assert set(PAGE_STYLES) == set(site(FIXTURE_STATES[0]).committees)
