"""parsers.opendata: one ISO Open Data line, in the shapes the real dumps use, to records or Rejects."""

import datetime as dt
import json
from collections import Counter

import pytest

from casco_watch.parsers.opendata import dataset_as_of, dataset_date, parse_dataset, parse_dataset_line
from casco_watch.pipeline.collect import SnapshotCollector
from casco_watch.schemas import Committee, Conflict, Liaison, MemberBody, Membership, Organization, Reject

SOURCE = "file:///data/iso_technical_committees-2025-07-02.jsonl.gz"

TC_176 = {
    "id": 53882,
    "reference": "ISO/TC 176",
    "status": "Active",
    "title": {"en": "Quality  management and quality assurance", "fr": "Management et assurance de la qualité"},
    "secretariat": {"id": 1619, "acronym": "SCC"},
    "creationDate": "1979-01-01",
    "scope": {"en": "<p>Standardization in the field of quality management.</p><p>Excluded: product standards.</p>"},
    "parentId": None,
    "childrenId": [53896, 53904],
    "pMembers": [{"id": 1619, "acronym": "SCC"}, {"id": 1511, "acronym": "DIN"}],
    "oMembers": [{"id": 2064, "acronym": "BSI"}],
    "committeeLiaisons": [{"id": 45086, "reference": "ISO/IEC JTC 1/SC 7"}, {"id": 55106}],
    "organizationLiaisons": [{"id": 3182, "acronym": "EC - European Commission"}],
    "sortKey": "ISO/TC 0176",
}


def parse(line: dict | str, line_number: int = 7):
    return parse_dataset_line(line if isinstance(line, str) else json.dumps(line), line_number, SOURCE)


def of_type(records, model):
    return [record for record in records if isinstance(record, model)]


def test_a_committee_line_becomes_every_record_it_states():
    records = parse(TC_176)

    assert of_type(records, Reject) == []
    assert of_type(records, Committee) == [
        Committee(
            committee_id=53882,
            reference="ISO/TC 176",
            title="Quality management and quality assurance",
            status="active",
            parent_id=None,
            secretariat_member_id=1619,
            creation_date=dt.date(1979, 1, 1),
            scope="Standardization in the field of quality management.\n\nExcluded: product standards.",
        )
    ]
    assert of_type(records, Membership) == [
        Membership(committee_id=53882, member_id=1619, status="P", is_secretariat=True),
        Membership(committee_id=53882, member_id=1511, status="P", is_secretariat=False),
        Membership(committee_id=53882, member_id=2064, status="O", is_secretariat=False),
    ]
    assert of_type(records, Liaison) == [
        Liaison(committee_id=53882, partner_kind="committee", partner_id=45086, partner_label="ISO/IEC JTC 1/SC 7",
                direction="unspecified", category=None),
        Liaison(committee_id=53882, partner_kind="committee", partner_id=55106, partner_label=None,
                direction="unspecified", category=None),
        Liaison(committee_id=53882, partner_kind="organization", partner_id=3182,
                partner_label="EC - European Commission", direction="unspecified", category=None),
    ]
    assert set(of_type(records, MemberBody)) == {
        MemberBody(member_id=1619, acronym="SCC"),
        MemberBody(member_id=1511, acronym="DIN"),
        MemberBody(member_id=2064, acronym="BSI"),
    }
    assert of_type(records, Organization) == [Organization(organization_id=3182, acronym="EC - European Commission")]


def test_the_dataset_declares_no_counters():
    (committee,) = of_type(parse(TC_176), Committee)
    counters = ("published_standards", "standards_under_development", "participating_members", "observing_members")
    assert [getattr(committee, name) for name in counters] == [None] * 4


def test_bytes_lines_read_like_text_lines():
    assert parse_dataset_line(json.dumps(TC_176).encode(), 7, SOURCE) == parse(TC_176)


def test_html_scope_keeps_its_paragraphs_and_list_items():
    line = {**TC_176, "scope": {"en": "<strong>Supported by IEC.</strong>\n\nQuantum <b>technologies</b>.<ol><li>One<li>Two</ol>"}}
    (committee,) = of_type(parse(line), Committee)
    assert committee.scope == "Supported by IEC.\n\nQuantum technologies.\n\nOne\n\nTwo"


@pytest.mark.parametrize("scope", [None, {"en": None}, {"fr": "Seulement en français"}])
def test_a_missing_english_scope_is_none(scope):
    (committee,) = of_type(parse({**TC_176, "scope": scope}), Committee)
    assert committee.scope is None


def test_null_lists_state_no_members_and_no_liaisons():
    line = {**TC_176, "pMembers": None, "oMembers": None, "committeeLiaisons": None, "organizationLiaisons": None,
            "secretariat": None}
    records = parse(line)
    assert [type(record) for record in records] == [Committee]
    assert records[0].secretariat_member_id is None


def test_a_secretariat_of_nulls_june_style_is_no_secretariat():
    records = parse({**TC_176, "secretariat": {"id": None, "acronym": None}})
    assert of_type(records, Reject) == []
    assert of_type(records, Committee)[0].secretariat_member_id is None
    assert not any(m.is_secretariat for m in of_type(records, Membership))


def test_the_secretariat_is_a_member_body_even_when_it_is_not_listed():
    records = parse({**TC_176, "pMembers": [{"id": 1511, "acronym": "DIN"}]})
    assert MemberBody(member_id=1619, acronym="SCC") in records
    assert not any(m.is_secretariat for m in of_type(records, Membership))


def test_an_observing_secretariat_is_flagged_too():
    records = parse({**TC_176, "pMembers": None, "oMembers": [{"id": 1619, "acronym": "SCC"}]})
    assert of_type(records, Membership) == [Membership(committee_id=53882, member_id=1619, status="O", is_secretariat=True)]


def test_status_is_lowercased_and_an_unknown_status_is_rejected():
    (committee,) = of_type(parse({**TC_176, "status": "Suspended"}), Committee)
    assert committee.status == "suspended"
    (reject,) = of_type(parse({**TC_176, "status": "Dormant"}), Reject)
    assert (reject.record_type, reject.line_number, reject.source_url) == ("Committee", 7, SOURCE)
    assert reject.payload["status"] == "dormant"


def test_the_old_jtc_4_spelling_is_kept_as_published():
    (committee,) = of_type(parse({**TC_176, "reference": "ISO/IEC/JTC 4"}), Committee)
    assert committee.reference == "ISO/IEC/JTC 4"


def test_an_entry_listed_twice_gives_one_record():
    twice = {"id": 1511, "acronym": "DIN"}
    line = {**TC_176, "pMembers": [twice, twice], "organizationLiaisons": [{"id": 3182, "acronym": "EC"}] * 2,
            "committeeLiaisons": [{"id": 45086, "reference": "ISO/IEC JTC 1/SC 7"}] * 2}
    records = parse(line)
    assert len(of_type(records, Membership)) == 2
    assert len(of_type(records, Organization)) == 1
    assert len([l for l in of_type(records, Liaison) if l.partner_kind == "committee"]) == 1


def test_a_member_both_p_and_o_is_rejected_and_given_neither_status():
    line = {**TC_176, "oMembers": [{"id": 1511, "acronym": "DIN"}, {"id": 2064, "acronym": "BSI"}]}
    records = parse(line, line_number=12)
    (reject,) = of_type(records, Reject)
    assert reject.record_type == "Membership"
    assert reject.line_number == 12
    assert reject.payload == {"committee_id": 53882, "pMembers": {"id": 1511, "acronym": "DIN"},
                              "oMembers": {"id": 1511, "acronym": "DIN"}}
    assert "1511" in reject.errors[0] and "both" in reject.errors[0]
    assert {m.member_id for m in of_type(records, Membership)} == {1619, 2064}
    assert MemberBody(member_id=1511, acronym="DIN") in records


@pytest.mark.parametrize(
    ("line", "payload", "reason"),
    [
        ('{"id": 53882, "reference": ', {"line": '{"id": 53882, "reference": '}, "not JSON"),
        ("[1, 2]", {"value": [1, 2]}, "not an object"),
        ('"ISO/TC 176"', {"value": "ISO/TC 176"}, "not an object"),
        ('{"reference": "ISO/TC 176"}', {"reference": "ISO/TC 176"}, "without an id"),
        ('{"id": null, "reference": "ISO/TC 176"}', {"id": None, "reference": "ISO/TC 176"}, "without an id"),
        ('{"id": "53882"}', {"id": "53882"}, "not a positive integer"),
        ('{"id": true}', {"id": True}, "not a positive integer"),
    ],
)
def test_an_unreadable_line_is_one_committee_reject_with_its_line_number(line, payload, reason):
    (reject,) = parse_dataset_line(line, 42, SOURCE)
    assert isinstance(reject, Reject)
    assert (reject.record_type, reject.line_number, reject.source_url) == ("Committee", 42, SOURCE)
    assert reject.payload == payload
    assert "line 42" in reject.errors[0] and reason in reject.errors[0]


def test_undecodable_bytes_are_a_reject_not_an_exception():
    (reject,) = parse_dataset_line(b'{"id": 1, "title": "\xff"}', 3, SOURCE)
    assert reject.record_type == "Committee" and "not JSON" in reject.errors[0]


@pytest.mark.parametrize("line", ["", "   ", b"\r", b""])
def test_a_blank_line_states_nothing(line):
    assert parse_dataset_line(line, 786, SOURCE) == []


def test_a_bad_entry_rejects_only_its_own_records():
    line = {**TC_176, "pMembers": [{"id": 1619, "acronym": "SCC"}, {"acronym": "DIN"}], "organizationLiaisons": [{"id": 0}]}
    records = parse(line)
    rejected = sorted(reject.record_type for reject in of_type(records, Reject))
    assert rejected == ["Liaison", "MemberBody", "Membership", "Organization"]
    assert all(reject.line_number == 7 for reject in of_type(records, Reject))
    assert len(of_type(records, Committee)) == 1
    assert Membership(committee_id=53882, member_id=1619, status="P", is_secretariat=True) in records


def test_malformed_ids_in_lists_are_rejects_not_crashes():
    line = {**TC_176, "pMembers": [{"id": [1511], "acronym": "DIN"}], "oMembers": [{"id": [1511], "acronym": "DIN"}],
            "committeeLiaisons": [{"id": {"n": 1}}, {"id": {"n": 1}}]}
    rejected = Counter(reject.record_type for reject in of_type(parse(line), Reject))
    assert rejected == {"MemberBody": 2, "Membership": 2, "Liaison": 2}


def test_a_committee_without_title_is_rejected_but_its_members_are_kept():
    records = parse({**TC_176, "title": None})
    (reject,) = of_type(records, Reject)
    assert reject.record_type == "Committee" and reject.payload["committee_id"] == 53882
    assert len(of_type(records, Membership)) == 3


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("iso_technical_committees-2025-07-02.jsonl.gz", dt.date(2025, 7, 2)),
        ("/dumps/2025-06-11/iso_technical_committees.jsonl", dt.date(2025, 6, 11)),
        ("/backups/2024-01-01/iso_technical_committees-2025-08-13.jsonl", dt.date(2025, 8, 13)),
        ("iso_technical_committees.jsonl", None),
        ("dump-2025-13-40.jsonl", None),
    ],
)
def test_dataset_date_reads_the_date_in_a_file_name(name, date):
    assert dataset_date(name) == date


def dataset(*lines: dict) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def test_a_committee_repeated_identically_folds_quietly():
    reordered = {**TC_176, "pMembers": list(reversed(TC_176["pMembers"]))}
    items = list(parse_dataset(dataset(TC_176, reordered), SOURCE))
    assert not of_type(items, Conflict)
    assert items == list(parse_dataset(dataset(TC_176), SOURCE))


def test_a_committee_repeated_with_other_members_is_a_conflict_and_its_first_line_is_kept():
    other_members = {**TC_176, "pMembers": [{"id": 1619, "acronym": "SCC"}, {"id": 2188, "acronym": "ANSI"}]}
    items = list(parse_dataset(dataset(TC_176, other_members), SOURCE))
    (conflict,) = of_type(items, Conflict)
    assert (conflict.committee_id, conflict.tables) == (53882, ("memberships",))
    assert conflict.reason == ("committee 53882 is listed twice, on lines 1 and 2, and the two disagree "
                               "(memberships: 1 only on line 1, 1 only on line 2); line 1 is kept")
    assert sorted(m.member_id for m in of_type(items, Membership)) == [1511, 1619, 2064]


def test_a_repeat_that_disagrees_on_title_and_liaisons_names_both_tables():
    retitled = {**TC_176, "title": {"en": "Quality"}, "organizationLiaisons": []}
    (conflict,) = of_type(parse_dataset(dataset(TC_176, retitled), SOURCE), Conflict)
    assert conflict.tables == ("committees", "liaisons")
    assert "committees: 1 only on line 1, 1 only on line 2; liaisons: 1 only on line 1, 0 only on line 2" in conflict.reason


@pytest.mark.parametrize(("source", "given", "last_modified", "as_of", "warned"), [
    ("https://x/iso_technical_committees-2025-08-13.jsonl", None, "Wed, 02 Jul 2025 08:00:00 GMT",
     dt.date(2025, 8, 13), True),
    ("https://x/iso_technical_committees-2025-08-13.jsonl", None, "Wed, 13 Aug 2025 23:00:00 GMT",
     dt.date(2025, 8, 13), False),
    ("https://x/iso_technical_committees-2025-08-13.jsonl", dt.date(2025, 8, 1), "Wed, 02 Jul 2025 08:00:00 GMT",
     dt.date(2025, 8, 1), False),
    ("https://x/iso_technical_committees.jsonl", None, "Wed, 02 Jul 2025 08:00:00 GMT", dt.date(2025, 7, 2), False),
    ("/data/iso_technical_committees-2025-06-11.jsonl.gz", None, None, dt.date(2025, 6, 11), False),
    ("https://x/iso_technical_committees.jsonl", None, "not a date", None, False),
])
def test_a_dataset_is_dated_by_as_of_then_its_name_then_last_modified(source, given, last_modified, as_of, warned):
    dated, warning = dataset_as_of(source, given, last_modified)
    assert dated == as_of
    assert (warning is not None) == warned
    if warned:
        assert warning == (f"{source} is dated 2025-08-13 by its name, which wins over the server's Last-Modified "
                           "date 2025-07-02; give --as-of if the name is wrong")


def test_dropping_repeats_in_the_parser_changes_nothing_the_collector_ends_with():
    """The parser drops copies by the collector's own fold, so a snapshot's records and conflicts are what every
    line's records, collected unfolded, would give: here DIN is named "DIN", then "DIN e.V.", then "DIN" again."""
    def member_din_as(acronym: str, committee_id: int) -> dict:
        return {**TC_176, "id": committee_id, "reference": f"ISO/TC {committee_id}", "oMembers": [],
                "pMembers": [{"id": 1511, "acronym": acronym}]}

    lines = [member_din_as("DIN", 53882), member_din_as("DIN e.V.", 53883), member_din_as("DIN", 53884)]
    body = dataset(*lines)
    unfolded = [item for number, line in enumerate(lines, start=1) for item in parse(line, number)]

    def collected(items):
        collector = SnapshotCollector(source_kind="opendata", source=SOURCE, scope="test", covers=(),
                                      page_kinds=(), spiders=())
        collector.add_all(items)
        return collector.evidence.records, collector.evidence.conflicts

    records, conflicts = collected(parse_dataset(body, SOURCE))
    assert (records, conflicts) == collected(unfolded)
    assert records[MemberBody][(1511,)].acronym == "DIN"
    assert [reason for reason, _ in conflicts] == [
        "conflicting MemberBody records for (1511,): acronym: 'DIN' vs 'DIN e.V.'",
        "conflicting MemberBody records for (1511,): acronym: 'DIN e.V.' vs 'DIN'",
    ]
