"""The label vocabulary, and the one check that no stored value absorbed a neighbouring label."""

import pytest

from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_pages
from casco_watch.parsers.labels import absorbed_labels, officer_label, reject_absorbed_labels
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.schemas import Committee, MemberBody, Officer, Organization, Reject, Subgroup
from tests.parsers.jahia import details_page
from tests.parsers.test_fixture_site_parses import parse_fixture_page

URL = "https://www.iso.org/committee/54998.html"


@pytest.mark.parametrize(
    ("label", "role", "term"),
    [
        ("ISO Technical Programme Manager [TPM]", "technical_programme_manager", None),
        ("Technical Programme Manager (TPM)", "technical_programme_manager", None),
        ("ISO Editorial Manager [EM]", "editorial_manager", None),
        ("Chairperson (until end 2026)", "chairperson", "until end 2026"),
        ("Chairperson [until end 2026]", "chairperson", "until end 2026"),
        ("Vice-Chairperson", "vice_chair", None),
        ("Secretary", "secretary", None),
        ("Committee Manager", "committee_manager", None),
        ("Convenor", None, None),
        ("Secretariat", None, None),
        ("Chief Whip (until end 2026)", None, "until end 2026"),
    ],
)
def test_officer_label(label, role, term):
    assert officer_label(label) == (role, term)


@pytest.mark.parametrize(
    ("record", "reasons"),
    [
        (
            Officer(committee_id=54998, role="chairperson", name="Mr Reinaldo Figueiredo Vice-chair : Ms Caroline Outa"),
            ["name: 'Mr Reinaldo Figueiredo Vice-chair : Ms Caroline Outa' still contains a label ('Vice-chair :'): "
             "a neighbouring entry was read into it"],
        ),
        (
            Officer(committee_id=54998, role="chairperson", name="Mr Reinaldo Figueiredo Vice-chair Ms Caroline Outa"),
            ["name: 'Mr Reinaldo Figueiredo Vice-chair Ms Caroline Outa' still contains a label ('Vice-chair'): "
             "a neighbouring entry was read into it"],
        ),
        (
            Officer(committee_id=54998, role="technical_programme_manager", name="Ms Cristina Draghici ISO Editorial Manager [EM]: Mrs Yvonne Chen"),
            ["name: 'Ms Cristina Draghici ISO Editorial Manager [EM]: Mrs Yvonne Chen' still contains a label "
             "('Editorial Manager [EM]:'): a neighbouring entry was read into it"],
        ),
        (
            Committee(committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment Secretariat: ISO"),
            ["title: 'Committee on conformity assessment Secretariat: ISO' still contains a label ('Secretariat:'): "
             "a neighbouring entry was read into it"],
        ),
        (
            MemberBody(member_id=1619, acronym="SCC", country="Canada Creation date : 1970"),
            ["country: 'Canada Creation date : 1970' still contains a label ('Creation date :'): "
             "a neighbouring entry was read into it"],
        ),
        (
            Organization(organization_id=10147, acronym="IAF", country="Canada Convenor : Mr X"),
            ["country: 'Canada Convenor : Mr X' still contains a label (':'): a neighbouring entry was read into it"],
        ),
    ],
    ids=["label and separator", "bare role in a name", "abbreviated label", "Secretariat in a title", "Creation date", "unknown label's separator"],
)
def test_a_value_that_absorbed_a_label(record, reasons):
    assert absorbed_labels(record) == reasons


@pytest.mark.parametrize(
    "record",
    [
        Subgroup(committee_id=53882, reference="ISO/TC 176/CAG", title="Chair's Advisory Group", type="advisory_group"),
        Subgroup(
            committee_id=54998,
            reference="ISO/CASCO/JWG 58",
            title="Joint ISO/CASCO - ISO/TC 232 WG: ISO 21030, requirements for bodies auditing/certifying",
            type="working_group",
        ),
        Organization(organization_id=9999, acronym="ComSec", name="Commonwealth Secretariat"),
        Committee(
            committee_id=54998,
            reference="ISO/CASCO",
            title="Committee on conformity assessment",
            scope="Terms of reference : advise the Secretariat: and the Chairperson :",
        ),
        Officer(committee_id=54998, role="secretary", name="Cristina Draghici (ISO CS)"),
    ],
    ids=["Chair's in a title", "WG: in a title", "Secretariat in an organization's name", "scope is prose", "a bracket in a name"],
)
def test_values_that_merely_mention_a_label_word_pass(record):
    assert absorbed_labels(record) == []


def test_only_the_records_that_absorbed_a_label_become_rejects():
    kept = Officer(committee_id=54998, role="secretary", name="Ms Cristina Draghici")
    absorbed = Officer(committee_id=54998, role="chairperson", name="Ms A Vice-chair : Mr B")
    refused = Reject(record_type="Officer", source_url=URL, payload={"role": "Convenor"}, errors=["role: unknown officer label 'Convenor'"])
    assert reject_absorbed_labels([kept, absorbed, refused], URL) == [
        kept,
        Reject(
            record_type="Officer",
            source_url=URL,
            payload={"committee_id": 54998, "role": "chairperson", "name": "Ms A Vice-chair : Mr B", "term": None},
            errors=["name: 'Ms A Vice-chair : Mr B' still contains a label ('Vice-chair :'): a neighbouring entry was read into it"],
        ),
        refused,
    ]


def test_a_member_page_whose_country_ran_into_the_next_label_is_a_reject():
    heading = '<div class="section-head"><a href="/member/1619.html">SCC</a></div>\n    <h2>Standards Council of Canada</h2>'
    details = '\n      <li><div class="entry-label">Country/Territory</div>&nbsp;:&nbsp;Canada<br>Membership&nbsp;:&nbsp;Member body</li>'
    url = "https://www.iso.org/member/1619.html"
    [reject] = parse_member_page(details_page("member", 1619, heading, details), url).records
    assert reject == Reject(
        record_type="MemberBody",
        source_url="https://www.iso.org/member/1619.html",
        payload={
            "member_id": 1619,
            "acronym": "SCC",
            "name": "Standards Council of Canada",
            "country": "Canada Membership : Member body",
            "membership_type": None,
            "address": None,
            "website": None,
        },
        errors=["country: 'Canada Membership : Member body' still contains a label ('Membership :'): "
                "a neighbouring entry was read into it"],
    )


def test_an_organization_page_is_checked_too():
    heading = "<h1>UILI</h1>\n    <h2>Union Internationale des Laboratoires Indépendants</h2>"
    details = '\n      <li><div class="entry-label">Country/Territory</div>&nbsp;:&nbsp;France Website : www.uili.org</li>'
    url = "https://www.iso.org/organization/289098.html"
    [reject] = parse_organization_page(details_page("organization", 289098, heading, details), url).records
    assert isinstance(reject, Reject) and reject.record_type == "Organization"
    assert reject.errors == ["country: 'France Website : www.uili.org' still contains a label ('Website :'): a neighbouring entry was read into it"]


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_no_value_on_any_fixture_page_absorbed_a_label(state):
    """Every page of the fixture site, in all its layouts: no record absorbed a neighbour, and none was refused."""
    for relative, html in fixture_pages(state).items():
        if relative.endswith(".html"):
            records = parse_fixture_page(relative, html).records
            assert not [r for r in records if isinstance(r, Reject)], relative
            assert not [reason for record in records for reason in absorbed_labels(record)], relative
