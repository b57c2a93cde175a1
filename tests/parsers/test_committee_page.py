import datetime as dt

import pytest

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import Committee, Liaison, Officer, Reject, Subgroup
from casco_watch.fixture_site.site_data import CASCO_ID, TC_176_ID, expected_records

URL = "https://www.iso.org/committee/54998.html"


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


def test_casco_officers_with_terms_and_nbsp_names(fixture_page):
    page = parse_committee_page(fixture_page("committee/54998.html"), URL)

    assert [r.model_dump() for r in page.of_type(Officer)] == [
        {"committee_id": 54998, "role": "chairperson", "name": "Ms Caroline Outa", "term": "until end 2026"},
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


@pytest.mark.parametrize(
    ("marker", "status"), [("[STANDBY]", "standby"), ("[SUSPENDED]", "suspended"), ("&nbsp;[Standby]", "standby")]
)
def test_status_marker_after_the_reference(fixture_page, marker, status):
    html = fixture_page("committee/54998.html").replace(">ISO/CASCO</span>", f">ISO/CASCO {marker}</span>", 1)
    assert parse_committee_page(html, URL).of_type(Committee)[0].status == status


def test_unknown_status_marker_is_a_reject_not_a_guess(fixture_page):
    html = fixture_page("committee/54998.html").replace(">ISO/CASCO</span>", ">ISO/CASCO [DISBANDED]</span>", 1)
    reject = parse_committee_page(html, URL).records[0]
    assert isinstance(reject, Reject) and reject.record_type == "Committee"
    assert reject.payload["status"] == "DISBANDED"
    assert any(error.startswith("status:") for error in reject.errors)


def test_unknown_officer_label_is_a_reject(fixture_page):
    html = fixture_page("committee/54998.html").replace(">Editorial Manager (EM)<", ">Chief Whip<")
    page = parse_committee_page(html, URL)
    [reject] = [r for r in page.records if isinstance(r, Reject)]
    assert reject.record_type == "Officer"
    assert reject.payload == {"committee_id": 54998, "role": "Chief Whip", "name": "Mrs Yvonne Chen", "term": None}
    assert any(error.startswith("role:") for error in reject.errors)
    assert len(page.of_type(Officer)) == 3


def test_unknown_subgroup_type_is_a_reject(fixture_page):
    html = fixture_page("committee/53882.html").replace("Advisory group", "Strategy circle")
    page = parse_committee_page(html, "https://www.iso.org/committee/53882.html")
    [reject] = [r for r in page.records if isinstance(r, Reject)]
    assert (reject.record_type, reject.payload["type"]) == ("Subgroup", "Strategy circle")


def test_missing_optional_facts_are_none(fixture_page):
    html = fixture_page("committee/54998.html")
    html = html.replace('<div class="entry-label">Creation date</div>', "").replace("Observing members</span>", "</span>")
    committee = parse_committee_page(html, URL).of_type(Committee)[0]
    assert (committee.creation_year, committee.observing_members, committee.participating_members) == (None, None, 95)


def test_a_full_creation_date(fixture_page):
    html = fixture_page("committee/53882.html").replace("&nbsp;:&nbsp;1979", "&nbsp;:&nbsp;1979-01-01")
    committee = parse_committee_page(html, "https://www.iso.org/committee/53882.html").of_type(Committee)[0]
    assert (committee.creation_date, committee.creation_year) == (dt.date(1979, 1, 1), 1979)


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
