"""Every schema constraint, each with a record that passes and one that fails."""

import datetime as dt

import pytest
from pydantic import ValidationError

from casco_watch.schemas import (
    Committee,
    Liaison,
    MemberBody,
    Membership,
    Officer,
    Organization,
    Reject,
    Subgroup,
    validate_record,
)

CASCO = {"committee_id": 54998, "reference": "ISO/CASCO", "title": "Committee on conformity assessment"}


@pytest.mark.parametrize(
    "reference",
    ["ISO/CASCO", "ISO/TC 176/SC 2", "ISO/IEC JTC 1/SC 42", "IEC/ISO JTC 3", "ISO/PC 302", "ISO/IEC/JTC 4",
     "IEC/ISO JSyC BDC", "ISO/WS ESG", "ISO/TC 45/SC 3"],
)
def test_committee_accepts_iso_reference_patterns(reference):
    assert Committee(**{**CASCO, "reference": reference}).reference == reference


@pytest.mark.parametrize(
    "reference", ["ISO CASCO", "TC 176", "ISO/TC 176/", "ISO/TC 176 SC 2", "ISO/CASCO/WG 1", "Committee", "ISO/TC"]
)
def test_committee_refuses_anything_else_as_reference(reference):
    with pytest.raises(ValidationError, match="not an ISO committee reference"):
        Committee(**{**CASCO, "reference": reference})


@pytest.mark.parametrize("bad_id", [0, -5, "54998", 54998.0, None])
def test_ids_are_positive_integers_only(bad_id):
    with pytest.raises(ValidationError, match="committee_id"):
        Committee(**{**CASCO, "committee_id": bad_id})


def test_text_is_normalized_nfc_without_nbsp_zero_width_or_tags():
    committee = Committee(
        **{**CASCO, "title": "  Committee\u00a0on\u200b <b>conformity</b>\n\t assessme\u0301nt  "}
    )
    assert committee.title == "Committee on conformity assessmént"
    assert committee.title == "Committee on conformity assessm\u00e9nt"


def test_scope_keeps_paragraph_breaks_and_strips_markup():
    committee = Committee(
        **{**CASCO, "scope": "<p>To study  means of\nassessing conformity;</p><ul><li>prepare guides</li><li>promote</li></ul>"}
    )
    assert committee.scope == "To study means of assessing conformity;\n\nprepare guides\n\npromote"


def test_plain_scope_paragraphs_survive_blank_lines():
    committee = Committee(**{**CASCO, "scope": "First  line\ncontinues.\n\n \n Second\u00a0paragraph."})
    assert committee.scope == "First line continues.\n\nSecond paragraph."


@pytest.mark.parametrize("empty", ["", "   ", "\u00a0", "\u200b"])
def test_empty_optional_text_becomes_none(empty):
    assert Officer(committee_id=54998, role="secretary", name="Ms Cristina Draghici", term=empty).term is None


def test_empty_required_text_is_an_error():
    with pytest.raises(ValidationError, match="title"):
        Committee(**{**CASCO, "title": " \u00a0 "})


def test_committee_counters_and_dates():
    committee = Committee(
        **CASCO, creation_year=1970, participating_members=95, observing_members=49,
        published_standards=37, standards_under_development=6, creation_date=dt.date(1970, 1, 1),
    )
    assert (committee.participating_members, committee.observing_members) == (95, 49)
    with pytest.raises(ValidationError, match="participating_members"):
        Committee(**CASCO, participating_members=-1)
    with pytest.raises(ValidationError, match="creation_year"):
        Committee(**CASCO, creation_year=70)


@pytest.mark.parametrize("status", ["active", "suspended", "standby"])
def test_known_committee_status(status):
    assert Committee(**CASCO, status=status).status == status


@pytest.mark.parametrize("status", ["Active", "disbanded", ""])
def test_unknown_committee_status_is_an_error_not_a_guess(status):
    with pytest.raises(ValidationError, match="status"):
        Committee(**CASCO, status=status)


@pytest.mark.parametrize(
    "role",
    ["chairperson", "vice_chair", "secretary", "committee_manager", "technical_programme_manager", "editorial_manager"],
)
def test_officer_roles(role):
    assert Officer(committee_id=54998, role=role, name="Ms Caroline Outa", term="until end 2026").role == role


@pytest.mark.parametrize("role", ["Chairperson", "chair", "president", "TPM"])
def test_unknown_officer_role_is_an_error(role):
    with pytest.raises(ValidationError, match="role"):
        Officer(committee_id=54998, role=role, name="Ms Caroline Outa")


@pytest.mark.parametrize("reference", ["ISO/CASCO/JWG 58", "ISO/CASCO/IAF/ILAC JSG", "ISO/TC 176/SC 2", "ISO/TC 176/SC 2/WG 23"])
def test_subgroup_references(reference):
    assert Subgroup(committee_id=54998, reference=reference, title="x", type="working_group").reference == reference


def test_subgroup_refuses_bad_reference_and_unknown_type():
    with pytest.raises(ValidationError, match="subgroup reference"):
        Subgroup(committee_id=54998, reference="JWG 58", title="x", type="working_group")
    with pytest.raises(ValidationError, match="type"):
        Subgroup(committee_id=54998, reference="ISO/CASCO/JWG 58", title="x", type="Working group")


def test_member_body_membership_type_and_website():
    body = MemberBody(
        member_id=1619, acronym="SCC", name="Standards Council of Canada", country="Canada",
        membership_type="member_body", address="55 Metcalfe Street,<br/> Suite\u00a0600\n\n Ottawa ", website="https://www.scc.ca",
    )
    assert body.address == "55 Metcalfe Street,\nSuite 600\nOttawa"
    assert MemberBody(member_id=1619, acronym="SCC").name is None
    with pytest.raises(ValidationError, match="membership_type"):
        MemberBody(member_id=1619, acronym="SCC", membership_type="full member")
    with pytest.raises(ValidationError, match="website"):
        MemberBody(member_id=1619, acronym="SCC", website="www.scc.ca")
    with pytest.raises(ValidationError, match="acronym"):
        MemberBody(member_id=1619, acronym="")


@pytest.mark.parametrize("status", ["P", "O"])
def test_membership_status(status):
    assert Membership(committee_id=54998, member_id=2064, status=status).is_secretariat is False


@pytest.mark.parametrize("status", ["p", "Participating", "X", ""])
def test_unknown_membership_status_is_an_error(status):
    with pytest.raises(ValidationError, match="status"):
        Membership(committee_id=54998, member_id=2064, status=status)


def test_liaison_kinds_directions_categories():
    liaison = Liaison(committee_id=54998, partner_kind="organization", partner_id=10147, partner_label="IAF",
                      direction="to", category="A")
    assert liaison.natural_key() == (54998, "organization", 10147, "to")
    assert Liaison(committee_id=54998, partner_kind="committee", partner_id=53882).direction == "unspecified"
    for field, value in (("partner_kind", "person"), ("direction", "both"), ("category", "E"), ("category", "a")):
        with pytest.raises(ValidationError, match=field):
            Liaison(**{"committee_id": 54998, "partner_kind": "committee", "partner_id": 53882, field: value})


def test_organization():
    assert Organization(organization_id=10147, acronym="IAF", name="International Accreditation Forum").country is None
    with pytest.raises(ValidationError, match="organization_id"):
        Organization(organization_id=0, acronym="IAF")


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError, match="colour"):
        Organization(organization_id=10147, acronym="IAF", colour="blue")


def test_validate_record_turns_failure_into_a_reject_with_every_error():
    reject = validate_record(
        Membership, {"committee_id": "54998", "member_id": 2064, "status": "X"}, source_url="http://x/p", line_number=7
    )
    assert isinstance(reject, Reject)
    assert reject.record_type == "Membership"
    assert (reject.source_url, reject.line_number) == ("http://x/p", 7)
    assert reject.payload == {"committee_id": "54998", "member_id": 2064, "status": "X"}
    assert len(reject.errors) == 2
    assert reject.errors[0].startswith("committee_id:")
    assert reject.errors[1].startswith("status:")


def test_validate_record_returns_the_model_when_valid():
    assert validate_record(Membership, {"committee_id": 54998, "member_id": 2064, "status": "O"}) == Membership(
        committee_id=54998, member_id=2064, status="O"
    )
