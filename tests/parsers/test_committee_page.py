"""The committee page parser: subgroups and key numbers on hand-written pages, then the fixture site's pages end to end.

The heading and details-list variants have their own hand-written pages in
test_committee_heading.py and test_committee_details.py.
"""

import pytest

from casco_watch.fixture_site.site_data import CASCO_ID, TC_176_ID
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import Committee, Liaison, Officer, Reject, Subgroup
from tests.fixture_oracle import expected_records
from tests.parsers.jahia import COMMITTEES_LINE, committee_page

URL = "https://www.iso.org/committee/54998.html"


CASCO_HEADING = COMMITTEES_LINE + "<h1>ISO/CASCO<br>Committee on conformity assessment</h1>"


def _subgroup_table(rows):
    body = "".join(
        f"""
            <tr>
              <td data-title="Reference">{reference}</td>
              <td data-title="Title">{title}</td>
              <td data-title="Type">{type_label}</td>
            </tr>"""
        for reference, title, type_label in rows
    )
    return f"""
    <section id="section-children" class="section-md"><div class="container">
        <h3>Subcommittees and working groups</h3>
        <table class="table table-striped responsive-table" id="datatable-committee-children">
          <thead><tr><th>Reference</th><th>Title</th><th>Type</th></tr></thead>
          <tbody>{body}
          </tbody>
        </table>
    </div></section>"""


def test_subgroup_types_with_footnote_marks_and_spellings():
    table = _subgroup_table(
        [
            ("ISO/CASCO/AHG", "Monitoring global developments relevant to conformity assessment", "Working group *"),
            ("ISO/CASCO/CPC", "Chair's Policy and Coordination Group", "Working group&nbsp;**"),
            ('<a href="/committee/53888.html">ISO/TC 176/SC 1</a>', "Concepts and terminology", "Sub committee"),
            ('<a href="/fr/committee/53896.html">ISO/TC 176/SC 2</a>', "Quality systems", "Subcommittee<sup>*</sup>"),
            ("ISO/TC 304/JWG 1", "Joint ISO/TC 304 - ISO/TC 212 WG: Quality in healthcare organizations", "Joint working group"),
        ]
    )
    page = parse_committee_page(committee_page(CASCO_HEADING, sections=table), URL)
    assert page.records[1:] == [
        Subgroup(committee_id=54998, reference="ISO/CASCO/AHG", title="Monitoring global developments relevant to conformity assessment", type="working_group"),
        Subgroup(committee_id=54998, reference="ISO/CASCO/CPC", title="Chair's Policy and Coordination Group", type="working_group"),
        Subgroup(committee_id=54998, reference="ISO/TC 176/SC 1", title="Concepts and terminology", type="subcommittee", subgroup_id=53888),
        Subgroup(committee_id=54998, reference="ISO/TC 176/SC 2", title="Quality systems", type="subcommittee", subgroup_id=53896),
        Subgroup(
            committee_id=54998,
            reference="ISO/TC 304/JWG 1",
            title="Joint ISO/TC 304 - ISO/TC 212 WG: Quality in healthcare organizations",
            type="joint_working_group",
        ),
    ]


def test_an_unknown_subgroup_type_is_a_reject():
    table = _subgroup_table([("ISO/TC 176/CAG", "Chair's Advisory Group", "Strategy circle *")])
    [_, reject] = parse_committee_page(committee_page(CASCO_HEADING, sections=table), URL).records
    assert isinstance(reject, Reject) and (reject.record_type, reject.payload["type"]) == ("Subgroup", "Strategy circle")


def _key_number(number, label):
    return f"""
            <li>
              <a href="/committee/54998/x/catalogue/">
                <span class="key-number">{number}</span>
                <span class="key-label">{label}</span>
              </a>
            </li>"""


def test_key_numbers_with_thousands_separators_and_footnote_marks():
    key_numbers = (
        _key_number("1,234", "Published ISO standards&nbsp;*")
        + _key_number("6", "ISO standards under development&nbsp;**")
        + _key_number("95", "Participating members")
        + "<li>Observing members: <strong>49</strong></li>"
    )
    [committee] = parse_committee_page(committee_page(CASCO_HEADING, key_numbers=key_numbers), URL).records
    assert committee == Committee(
        committee_id=54998,
        reference="ISO/CASCO",
        title="Committee on conformity assessment",
        published_standards=1234,
        standards_under_development=6,
        participating_members=95,
        observing_members=49,
    )


def test_missing_facts_are_none():
    key_numbers = _key_number("95", "Participating members")
    [committee] = parse_committee_page(committee_page(CASCO_HEADING, key_numbers=key_numbers), URL).records
    assert committee == Committee(
        committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment", participating_members=95
    )


def _of_committee(state, committee_id, model):
    return [r for r in expected_records(state, (committee_id,))[model.__name__] if r["committee_id"] == committee_id]


def test_casco_page_gives_the_whole_committee(fixture_page):
    page = parse_committee_page(fixture_page("committee/54998.html"), URL)

    assert (page.page_kind, page.subject_id) == ("committee", CASCO_ID)
    assert [r.model_dump() for r in page.of_type(Committee)] == [
        {
            "committee_id": 54998,
            "reference": "ISO/CASCO",
            "title": "Committee on conformity assessment",
            "status": "active",
            "parent_id": None,
            "secretariat_member_id": None,
            "creation_date": None,
            "creation_year": 1970,
            "scope": expected_records("2026-10-01")["Committee"][0]["scope"],
            "published_standards": 37,
            "standards_under_development": 6,
            "participating_members": 95,
            "observing_members": 49,
        }
    ]
    assert page.of_type(Committee)[0].scope.startswith(
        "The Policy Development Committee on Conformity Assessment (CASCO) shall:\n\na) study means"
    )
    assert not [r for r in page.records if isinstance(r, Reject)]


def test_casco_fixture_page_officers_as_notes_describes_them(fixture_page):
    """The fixture CASCO page: a Secretary, chair and vice-chair in one item, TPM and EM in one item."""
    page = parse_committee_page(fixture_page("committee/54998.html"), URL)

    assert [r.model_dump() for r in page.of_type(Officer)] == [
        {"committee_id": 54998, "role": "chairperson", "name": "Ms Caroline Outa", "term": "until end 2026"},
        {"committee_id": 54998, "role": "vice_chair", "name": "Prof. Anna Lindqvist", "term": None},
        {"committee_id": 54998, "role": "secretary", "name": "Ms Cristina Draghici", "term": None},
        {"committee_id": 54998, "role": "technical_programme_manager", "name": "Ms Cristina Draghici", "term": None},
        {"committee_id": 54998, "role": "editorial_manager", "name": "Mrs Yvonne Chen", "term": None},
    ]


@pytest.mark.parametrize("state", ["2026-10-01", "2026-11-01"])
@pytest.mark.parametrize("model", [Subgroup, Liaison])
def test_casco_subgroups_and_liaisons_equal_the_site_data(fixture_page, same_records, state, model):
    page = parse_committee_page(fixture_page("committee/54998.html", state), URL)
    assert same_records(page.of_type(model), _of_committee(state, CASCO_ID, model))


def test_subcommittees_carry_their_own_committee_ids(fixture_page):
    page = parse_committee_page(fixture_page("committee/53882.html"), "https://www.iso.org/committee/53882.html")

    subgroups = {s.reference: (s.type, s.subgroup_id) for s in page.of_type(Subgroup)}
    assert subgroups == {
        "ISO/TC 176/SC 1": ("subcommittee", 53888),
        "ISO/TC 176/SC 2": ("subcommittee", 53896),
        "ISO/TC 176/SC 3": ("subcommittee", 53934),
        "ISO/TC 176/CAG": ("advisory_group", None),
    }
    committee = page.of_type(Committee)[0]
    assert (committee.secretariat_member_id, committee.participating_members) == (1619, 92)


def test_a_subcommittee_page_names_its_parent(fixture_page):
    page = parse_committee_page(fixture_page("committee/45306.html"), "http://127.0.0.1:1/committee/45306.html")
    committee = page.of_type(Committee)[0]
    assert (committee.reference, committee.parent_id, committee.secretariat_member_id) == (
        "ISO/IEC JTC 1/SC 27",
        45020,
        1511,
    )


def test_liaison_links_in_every_spelling_give_ids(fixture_page):
    html = fixture_page("committee/54998.html")
    assert 'href="/fr/committee/' in html and 'href="https://www.iso.org/committee/' in html
    assert 'href="https://committee.iso.org/' in html and "/contents/data/organization/" in html

    page = parse_committee_page(html, URL)
    partners = {(l.partner_kind, l.partner_id) for l in page.of_type(Liaison)}
    assert {("committee", TC_176_ID), ("committee", 10138914), ("organization", 10147), ("organization", 10540413)} <= partners


def test_the_id_comes_from_the_canonical_link_before_the_url(fixture_page):
    page = parse_committee_page(fixture_page("committee/54998.html"), "http://127.0.0.1:1/casco-copy.html")
    assert page.subject_id == CASCO_ID


@pytest.mark.parametrize(
    ("relative", "missing"),
    [
        ("member/1619.html", "no committee id"),
        ("organization/10147.html", "no committee id"),
        ("committee/54998.participation.html", "#section-details"),
    ],
)
def test_a_page_of_another_kind_is_a_layout_error(fixture_page, relative, missing):
    with pytest.raises(PageLayoutError, match=missing):
        parse_committee_page(fixture_page(relative), "https://www.iso.org/" + relative)
