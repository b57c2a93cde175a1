"""The details list of a committee page: secretariat, officers and creation date in every documented layout.

NOTES §2.1: labels as "Secretariat", "Committee Manager", "Chairperson (until end
YYYY)", "ISO Technical Programme Manager [TPM]", "ISO Editorial Manager [EM]",
"Secretary:"; chair and vice-chair share one list item, and so do TPM and EM
(grade A). Each page is written here by hand; each expected record is written out.
"""

import datetime as dt

import pytest

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import Committee, Officer, Reject
from tests.parsers.jahia import COMMITTEES_LINE, committee_page

CASCO_HEADING = COMMITTEES_LINE + "<h1>ISO/CASCO<br>Committee on conformity assessment</h1>"
TC_176_HEADING = COMMITTEES_LINE + "<h1>ISO/TC 176<br>Quality management and quality assurance</h1>"
URL = "https://www.iso.org/committee/54998.html"


def _records(details, heading=CASCO_HEADING, committee_id=54998):
    html = committee_page(heading, details, committee_id=committee_id)
    return parse_committee_page(html, f"https://www.iso.org/committee/{committee_id}.html").records


def _officers(details):
    records = _records(details)
    assert isinstance(records[0], Committee), records[0]
    return records[1:]


def _item(entries):
    return f'\n          <li>\n            <div class="">\n              {entries}\n            </div>\n          </li>'


SECRETARY = Officer(committee_id=54998, role="secretary", name="Ms Cristina Draghici")


@pytest.mark.parametrize(
    "entry",
    [
        '<div class="entry-label">Secretary</div>&nbsp;:&nbsp;<span class="entry-name">Ms&nbsp;Cristina Draghici</span>',
        '<div class="entry-label">Secretary&nbsp;:</div>\n              <span class="entry-name entry-block">Ms Cristina Draghici</span>',
        '<div class="entry-label">Secretary:</div> Ms Cristina Draghici',
        '<span class="entry-label">Secretary</span> : <span>Ms Cristina Draghici</span>',
        '<span class="entry-label">Secretary</span> <span>Ms Cristina Draghici</span>',
        '<div class="entry-label">Secretary</div>\n              <div>Ms Cristina Draghici</div>',
    ],
    ids=["nbsp colon nbsp after", "colon inside the label", "colon attached", "spaced colon", "no colon", "value in a div"],
)
def test_a_label_with_or_without_its_colon(entry):
    assert _officers(_item(entry)) == [SECRETARY]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ISO Technical Programme Manager [TPM]", Officer(committee_id=54998, role="technical_programme_manager", name="Ms X")),
        ("Technical Programme Manager (TPM)", Officer(committee_id=54998, role="technical_programme_manager", name="Ms X")),
        ("ISO Technical Programme Manager", Officer(committee_id=54998, role="technical_programme_manager", name="Ms X")),
        ("Technical Programme Manager", Officer(committee_id=54998, role="technical_programme_manager", name="Ms X")),
        ("ISO Editorial Manager [EM]", Officer(committee_id=54998, role="editorial_manager", name="Ms X")),
        ("Editorial Manager (EM)", Officer(committee_id=54998, role="editorial_manager", name="Ms X")),
        ("Committee Manager", Officer(committee_id=54998, role="committee_manager", name="Ms X")),
        ("Chairperson", Officer(committee_id=54998, role="chairperson", name="Ms X")),
        ("Chair", Officer(committee_id=54998, role="chairperson", name="Ms X")),
        ("Chairperson (until end 2026)", Officer(committee_id=54998, role="chairperson", name="Ms X", term="until end 2026")),
        ("Chairperson&nbsp;(until end&nbsp;2019)", Officer(committee_id=54998, role="chairperson", name="Ms X", term="until end 2019")),
        ("Vice-chair", Officer(committee_id=54998, role="vice_chair", name="Ms X")),
        ("Vice-Chairperson", Officer(committee_id=54998, role="vice_chair", name="Ms X")),
        ("Vice chair (until end 2027)", Officer(committee_id=54998, role="vice_chair", name="Ms X", term="until end 2027")),
    ],
)
def test_officer_labels_with_abbreviations_prefixes_and_terms(label, expected):
    entry = f'<div class="entry-label">{label}</div>&nbsp;:&nbsp;<span class="entry-name">Ms X</span>'
    assert _officers(_item(entry)) == [expected]


CHAIR_AND_VICE = [
    Officer(committee_id=54998, role="chairperson", name="Ms Caroline Outa", term="until end 2026"),
    Officer(committee_id=54998, role="vice_chair", name="Prof. Anna Lindqvist"),
]


@pytest.mark.parametrize(
    "item",
    [
        _item(
            '<div class="entry-label">Chairperson (until end 2026)</div>&nbsp;:&nbsp;<span class="entry-name">Ms&nbsp;Caroline Outa</span><br>\n'
            '              <div class="entry-label">Vice-chair</div>&nbsp;:&nbsp;<span class="entry-name">Prof.&nbsp;Anna Lindqvist</span>'
        ),
        '\n          <li><span class="entry-label">Chairperson (until end 2026)</span> : <span>Ms Caroline Outa</span> '
        '<span class="entry-label">Vice-chair</span> : <span>Prof. Anna Lindqvist</span></li>',
        '\n          <li><span class="entry-label">Chairperson (until end 2026)</span><span>Ms Caroline Outa</span>'
        '<span class="entry-label">Vice-chair</span><span>Prof. Anna Lindqvist</span></li>',
        '\n          <li>\n            <div class="">\n              <div class="entry-label">Chairperson (until end 2026)&nbsp;:</div>\n'
        '              <span class="entry-name">Ms Caroline Outa</span>\n            </div>\n            <div class="">\n'
        '              <div class="entry-label">Vice-chair&nbsp;:</div>\n              <span class="entry-name">Prof. Anna Lindqvist</span>\n'
        "            </div>\n          </li>",
        '\n          <li><strong class="entry-label">Chairperson (until end 2026):</strong> Ms Caroline Outa<br>'
        '<strong class="entry-label">Vice-chair:</strong> Prof. Anna Lindqvist</li>',
    ],
    ids=["separated by br", "separated by nothing but markup", "no spaces, no colons", "one div each", "text after strong labels"],
)
def test_chair_and_vice_chair_in_one_list_item(item):
    assert _officers(item) == CHAIR_AND_VICE


def test_tpm_and_em_in_one_list_item_as_on_cascos_page():
    item = _item(
        '<div class="entry-label">ISO Technical Programme Manager [TPM]</div>&nbsp;:&nbsp;<span class="entry-name">Ms&nbsp;Cristina Draghici</span>\n'
        '              <div class="entry-label">ISO Editorial Manager [EM]</div>&nbsp;:&nbsp;<span class="entry-name">Mrs&nbsp;Yvonne Chen</span>'
    )
    assert _officers(item) == [
        Officer(committee_id=54998, role="technical_programme_manager", name="Ms Cristina Draghici"),
        Officer(committee_id=54998, role="editorial_manager", name="Mrs Yvonne Chen"),
    ]


@pytest.mark.parametrize(
    "name",
    ["Prof. Anna Lindqvist", "Prof. Dr. Hans Meier", "Dr. Maria Santos", "Dr Sheila Woodcock", "Mrs Yvonne Chen", "Ms Caroline Outa", "Reinaldo Figueiredo"],
)
def test_a_name_is_stored_as_shown_title_included(name):
    item = _item(
        f'<div class="entry-label">Chairperson</div>&nbsp;:&nbsp;<span class="entry-name">{name}</span><br>\n'
        '              <div class="entry-label">Vice-chair</div>&nbsp;:&nbsp;<span class="entry-name">Mr B. Smith</span>'
    )
    assert _officers(item) == [
        Officer(committee_id=54998, role="chairperson", name=name),
        Officer(committee_id=54998, role="vice_chair", name="Mr B. Smith"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dr Angelique Botha (until end 2027)", Officer(committee_id=54998, role="chairperson", name="Dr Angelique Botha", term="until end 2027")),
        ("Frank Makamo (2016-2017)", Officer(committee_id=54998, role="chairperson", name="Frank Makamo", term="2016-2017")),
        ("Cristina Draghici (ISO CS)", Officer(committee_id=54998, role="chairperson", name="Cristina Draghici (ISO CS)")),
    ],
    ids=["term after the name", "years after the name", "a bracket without a year stays in the name"],
)
def test_a_term_written_after_the_name(value, expected):
    assert _officers(_item(f'<div class="entry-label">Chairperson</div>&nbsp;:&nbsp;<span class="entry-name">{value}</span>')) == [expected]


def test_casco_has_a_secretary_person_and_no_member_body_secretariat():
    details = _item('<div class="entry-label">Secretary</div>&nbsp;:&nbsp;<span class="entry-name">Ms&nbsp;Cristina Draghici</span>')
    details += _item('<div class="entry-label">Creation date</div>&nbsp;:&nbsp;1970')
    assert _records(details) == [
        Committee(
            committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment", creation_year=1970
        ),
        SECRETARY,
    ]


@pytest.mark.parametrize(
    "details",
    [
        _item('<div class="entry-label">Secretariat</div>&nbsp;:&nbsp;<span class="entry-name"><a href="/member/1619.html" title="Standards Council of Canada">SCC</a></span>')
        + _item('<div class="entry-label">Committee Manager</div>&nbsp;:&nbsp;<span class="entry-name">Mr&nbsp;Marc-Antoine Tremblay</span>'),
        _item(
            '<span class="entry-label">Secretariat:</span> <span class="entry-name"><a href="https://www.iso.org/fr/member/1619.html">SCC</a>&nbsp;(Canada)</span> '
            '<span class="entry-label">Committee Manager:</span> <span class="entry-name">Mr Marc-Antoine Tremblay</span>'
        ),
    ],
    ids=["own items", "one item"],
)
def test_a_member_body_secretariat_and_its_committee_manager(details):
    details += _item('<div class="entry-label">Creation date</div>&nbsp;:&nbsp;1979-01-01')
    assert _records(details, TC_176_HEADING, 53882) == [
        Committee(
            committee_id=53882,
            reference="ISO/TC 176",
            title="Quality management and quality assurance",
            secretariat_member_id=1619,
            creation_date=dt.date(1979, 1, 1),
            creation_year=1979,
        ),
        Officer(committee_id=53882, role="committee_manager", name="Mr Marc-Antoine Tremblay"),
    ]


def test_an_unknown_label_is_an_officer_reject_and_the_rest_is_kept():
    details = _item(
        '<div class="entry-label">Chairperson</div>&nbsp;:&nbsp;<span class="entry-name">Ms Caroline Outa</span><br>\n'
        '              <div class="entry-label">Convenor</div>&nbsp;:&nbsp;<span class="entry-name">Mr Jo Bloggs</span>'
    )
    details += _item('<div class="entry-label">Creation date</div>&nbsp;:&nbsp;1970')
    assert _records(details) == [
        Committee(committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment", creation_year=1970),
        Officer(committee_id=54998, role="chairperson", name="Ms Caroline Outa"),
        Reject(
            record_type="Officer",
            source_url=URL,
            payload={"committee_id": 54998, "role": "Convenor", "name": "Mr Jo Bloggs", "term": None},
            errors=["role: unknown officer label 'Convenor'"],
        ),
    ]


def test_an_unmarked_second_label_is_a_reject_not_a_longer_name():
    details = _item('<div class="entry-label">Chairperson</div>&nbsp;:&nbsp;Mr Reinaldo Figueiredo Vice-chair&nbsp;:&nbsp;Ms Caroline Outa')
    [reject] = _officers(details)
    assert isinstance(reject, Reject) and reject.record_type == "Officer"
    assert reject.payload == {
        "committee_id": 54998,
        "role": "chairperson",
        "name": "Mr Reinaldo Figueiredo Vice-chair : Ms Caroline Outa",
        "term": None,
    }
    assert reject.errors == [
        "name: 'Mr Reinaldo Figueiredo Vice-chair : Ms Caroline Outa' still contains a label ('Vice-chair :'): "
        "a neighbouring entry was read into it"
    ]


def test_two_names_on_two_lines_under_one_label_are_a_reject():
    details = _item('<div class="entry-label">Vice-chair</div>&nbsp;:&nbsp;Ms A One<br>Mr B Two')
    assert _officers(details) == [
        Reject(
            record_type="Officer",
            source_url=URL,
            payload={"committee_id": 54998, "role": "vice_chair", "name": "Ms A One / Mr B Two", "term": None},
            errors=["name: 2 lines under the one label 'Vice-chair', where one name was expected"],
        )
    ]


def test_a_label_without_a_name_is_a_reject():
    [reject] = _officers(_item('<div class="entry-label">Secretary</div>&nbsp;:&nbsp;'))
    assert isinstance(reject, Reject) and reject.payload["name"] is None


@pytest.mark.parametrize("details", [
    _item("Secretary: Ms Cristina Draghici"),
    _item("<strong>Creation date:</strong> 1970") + _item("<b>Chairperson (until end 2026) :</b> Ms Caroline Outa"),
], ids=["plain text", "bold, not marked as labels"])
def test_labels_written_without_the_label_markup_are_a_layout_error_not_a_committee_without_officers(details):
    with pytest.raises(PageLayoutError, match=r"writes '(Secretary|Creation date):' as plain text"):
        _records(details)


def test_a_details_list_with_no_labels_at_all_is_read_as_no_facts():
    assert _records(_item("Please see the committee's own website.")) == [
        Committee(committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment")]
