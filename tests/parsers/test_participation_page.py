import re

import pytest

from casco_watch.parsers.page import PageLayoutError
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.schemas import Membership, Reject
from tests.fixture_oracle import expected_records
from tests.parsers.jahia import iso_page

URL = "https://www.iso.org/committee/{}.html?view=participation"


def _page(fixture_page, committee_id, state="2026-10-01", html=None):
    html = html or fixture_page(f"committee/{committee_id}.participation.html", state)
    return parse_participation_page(html, URL.format(committee_id))


@pytest.mark.parametrize("state", ["2026-10-01", "2026-11-01"])
@pytest.mark.parametrize("committee_id", [54998, 53882, 10138914])
def test_memberships_equal_the_site_data(fixture_page, same_records, state, committee_id):
    page = _page(fixture_page, committee_id, state)
    assert (page.page_kind, page.subject_id) == ("participation", committee_id)
    assert same_records(page.records, expected_records(state, (committee_id,))["Membership"])


def test_casco_has_95_p_and_49_o_and_no_member_body_secretariat(fixture_page):
    memberships = _page(fixture_page, 54998).of_type(Membership)
    assert [sum(m.status == s for m in memberships) for s in "PO"] == [95, 49]
    assert not any(m.is_secretariat for m in memberships)


def test_the_secretariat_row_is_flagged(fixture_page):
    memberships = _page(fixture_page, 53882).of_type(Membership)
    assert [m.model_dump() for m in memberships if m.is_secretariat] == [
        {"committee_id": 53882, "member_id": 1619, "status": "P", "is_secretariat": True}
    ]


@pytest.mark.parametrize("line", [
    '<p>Secretariat <a href="/member/1619.html">Canada (SCC)</a></p>',
    '<p><a href="https://www.iso.org/member/1619.html">Secretariat - Canada (SCC)</a></p>',
], ids=["word before the link", "word in the link"])
def test_the_secretariat_in_the_grey_sections_paragraph_is_flagged_too(fixture_page, line):
    """NOTES §2.2: `section.bg-lightgray.section-sm > p > a`, the word "Secretariat" before "Country (ACR)"."""
    html = re.sub(r'<ul class="refine">.*?</ul>', "", fixture_page("committee/53882.participation.html"), count=1,
                  flags=re.S)
    assert "entry-label" not in html
    grey_section = f'<section class="bg-lightgray section-sm"><div class="container">{line}</div></section>'
    html = html.replace("</section>", f"</section>\n{grey_section}", 1)
    memberships = _page(fixture_page, 53882, html=html).of_type(Membership)
    assert [m.member_id for m in memberships if m.is_secretariat] == [1619]


def test_an_empty_observing_table(fixture_page):
    html = fixture_page("committee/10138914.participation.html")
    assert 'id="datatable-PART_O_OC"' in html
    assert [m.model_dump() for m in _page(fixture_page, 10138914).records] == [
        {"committee_id": 10138914, "member_id": 2064, "status": "P", "is_secretariat": True}
    ]


def test_a_table_shorter_than_the_counter_gives_only_its_rows(fixture_page):
    html = fixture_page("committee/54998.participation.html")
    start = html.index('id="datatable-PART_P_OC"')
    rows = list(re.finditer(r"<tr>\s*<td.*?</tr>", html[start:], re.S))[60:95]
    cut = html[: start + rows[0].start()] + html[start + rows[-1].end() :]
    memberships = _page(fixture_page, 54998, html=cut).of_type(Membership)
    assert [sum(m.status == s for m in memberships) for s in "PO"] == [60, 49]
    assert len({m.member_id for m in memberships}) == 109


def test_tables_found_by_heading_when_their_ids_are_gone(fixture_page, same_records):
    html = fixture_page("committee/53882.participation.html").replace('id="datatable-PART_', 'id="renamed-')
    assert same_records(_page(fixture_page, 53882, html=html).records, expected_records("2026-10-01", (53882,))["Membership"])


def test_a_row_without_a_member_link_is_a_reject(fixture_page):
    html = re.sub(r'<a href="[^"]*1619\.html"[^>]*>SCC</a>', "SCC", fixture_page("committee/53882.participation.html"))
    [reject] = [r for r in _page(fixture_page, 53882, html=html).records if isinstance(r, Reject)]
    assert reject.payload == {"committee_id": 53882, "member_id": None, "status": "P", "is_secretariat": False}


@pytest.mark.parametrize("relative", ["committee/54998.html", "member/1619.html", "organization/10147.html"])
def test_a_page_without_participation_tables_is_a_layout_error(fixture_page, relative):
    with pytest.raises(PageLayoutError, match="no participation table.*datatable-PART_P_OC.*Observing members"):
        parse_participation_page(fixture_page(relative), "https://www.iso.org/" + relative)


def _handwritten_participation(observing_table):
    main = f"""
  <div class="committee-container" id="committee-10138914">
    <section class="section-navigation bg-lightgray"><div class="container"><nav class="heading-condensed nav-relatives">
      <div class="section-head"><a href="/committee/10138914.html">IEC/ISO JTC 3</a></div>
    </nav></div></section>
    <section id="section-participation" class="section-md">
      <div class="container">
        <ul class="refine">
          <li><div class=""><div class="entry-label">Secretariat</div>&nbsp;:&nbsp;<span class="entry-name"><a href="https://www.iso.org/member/2064.html">BSI</a>&nbsp;(United Kingdom)</span></div></li>
        </ul>
        <h3 id="participating">Participating members&nbsp;<span class="badge bg-secondary">2</span></h3>
        <table class="table table-striped responsive-table" id="datatable-PART_P_OC">
          <thead><tr><th>Country/Territory</th><th>Acronym</th></tr></thead>
          <tbody>
            <tr>
              <td data-title="Country/Territory">Germany</td>
              <td data-title="Acronym"><a href="/fr/member/1511.html">DIN</a></td>
            </tr>
            <tr>
              <td data-title="Country/Territory">United Kingdom</td>
              <td data-title="Acronym"><a href="/member/2064.html">BSI</a></td>
            </tr>
          </tbody>
        </table>
        <h3 id="observing">Observing members&nbsp;<span class="badge bg-secondary">0</span></h3>{observing_table}
      </div>
    </section>
  </div>"""
    return iso_page(main, canonical="https://www.iso.org/committee/10138914.html")


@pytest.mark.parametrize(
    "observing_table",
    [
        """
        <table class="table table-striped responsive-table" id="datatable-PART_O_OC">
          <thead><tr><th>Country/Territory</th><th>Acronym</th></tr></thead>
          <tbody>
          </tbody>
        </table>""",
        "\n        <p>No observing members</p>",
    ],
    ids=["empty table", "heading without a table"],
)
def test_a_committee_without_observing_members(observing_table):
    page = parse_participation_page(_handwritten_participation(observing_table), URL.format(10138914))
    assert page.records == [
        Membership(committee_id=10138914, member_id=1511, status="P"),
        Membership(committee_id=10138914, member_id=2064, status="P", is_secretariat=True),
    ]
