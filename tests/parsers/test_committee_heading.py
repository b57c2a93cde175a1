"""The committee heading in every layout NOTES §2.1 documents (grade B) and their neighbours.

Each page is written here by hand; each expected record is written out in full.
"""

import pytest

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import Committee, Reject
from tests.parsers.jahia import COMMITTEES_LINE, committee_page

CASCO = Committee(committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment")
TC_176 = Committee(committee_id=53882, reference="ISO/TC 176", title="Quality management and quality assurance")
SC_27 = Committee(
    committee_id=45306,
    reference="ISO/IEC JTC 1/SC 27",
    title="Information security, cybersecurity and privacy protection",
    parent_id=45020,
)
TC_92_STANDBY = Committee(committee_id=45308, reference="ISO/TC 92", title="Fire safety", status="standby")


def _committee(heading, committee_id, details=""):
    html = committee_page(heading, details, committee_id=committee_id)
    [record] = parse_committee_page(html, f"https://www.iso.org/committee/{committee_id}.html").records
    return record


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        pytest.param(
            COMMITTEES_LINE + """
    <h1 class="stdTitle">
      <span class="d-block mb-3 ">ISO/CASCO</span>
      <span class="lead d-block mb-3">Committee on conformity assessment</span></h1>""",
            CASCO,
            id="one h1, spans on separate lines (the real page's layout)",
        ),
        pytest.param(
            COMMITTEES_LINE + '<h1><span class="d-block">ISO/CASCO</span><span class="lead d-block">Committee on conformity assessment</span></h1>',
            CASCO,
            id="one h1, spans with no whitespace between",
        ),
        pytest.param(
            COMMITTEES_LINE + "<h1>ISO/TC 176<br>Quality management and quality assurance</h1>",
            TC_176,
            id="one h1, br",
        ),
        pytest.param(
            COMMITTEES_LINE + "<h1>\n      ISO/TC 176\n      Quality management and quality assurance\n    </h1>",
            TC_176,
            id="one h1, text on separate lines",
        ),
        pytest.param(
            COMMITTEES_LINE + "<h1>ISO/TC 176</h1>\n    <h2>Quality management and quality assurance</h2>",
            TC_176,
            id="h1 + h2",
        ),
        pytest.param(
            COMMITTEES_LINE + '<h1>ISO/TC 176</h1>\n    <p class="lead">Quality management and quality assurance</p>',
            TC_176,
            id="h1 + p",
        ),
        pytest.param(
            COMMITTEES_LINE + '<h1>ISO/TC 176</h1><span class="lead">Quality management and quality assurance</span>',
            TC_176,
            id="h1 + span",
        ),
        pytest.param(
            '<div class="section-head"><a href="/committee/53882.html">ISO/TC 176</a></div>\n'
            "    <h1>Quality management and quality assurance</h1>",
            TC_176,
            id="reference linked to the page itself above an h1 title",
        ),
        pytest.param(
            '<div class="section-head wrap-hyphens"><a href="/fr/committee/45020.html" title="Parent committee">ISO/IEC JTC 1</a></div>\n'
            '    <h1><span class="d-block mb-3">ISO/IEC JTC 1/SC 27</span>\n'
            '    <span class="lead d-block mb-3">Information security, cybersecurity and privacy protection</span></h1>',
            SC_27,
            id="parent committee linked above the reference",
        ),
        pytest.param(
            '<div class="section-head">ISO/IEC JTC 1</div>\n'
            "    <h1>ISO/IEC JTC 1/SC 27<br>Information security, cybersecurity and privacy protection</h1>",
            SC_27.model_copy(update={"parent_id": None}),
            id="parent committee named but not linked above the reference",
        ),
        pytest.param(
            COMMITTEES_LINE + "<h1><span>ISO/TC 92 [STANDBY]</span>\n<span>Fire safety</span></h1>",
            TC_92_STANDBY,
            id="marker on the reference's line",
        ),
        pytest.param(
            COMMITTEES_LINE
            + '<h1><span class="d-block">ISO/TC 92&nbsp;<span class="badge bg-warning">[STANDBY]</span></span>'
            '<span class="lead d-block">Fire safety</span></h1>',
            TC_92_STANDBY,
            id="marker in its own element after the reference",
        ),
        pytest.param(
            COMMITTEES_LINE + '<h1>ISO/TC 92</h1><h2>Fire safety</h2><span class="badge">[Standby]</span>',
            TC_92_STANDBY,
            id="marker after the title",
        ),
        pytest.param(
            COMMITTEES_LINE + "<h1>ISO/TC 92<br>[SUSPENDED]<br>Fire safety</h1>",
            TC_92_STANDBY.model_copy(update={"status": "suspended"}),
            id="suspended marker on a line of its own",
        ),
    ],
)
def test_reference_title_status_and_parent(heading, expected):
    assert _committee(heading, expected.committee_id) == expected


def test_a_parent_committee_label_in_the_details_names_the_parent():
    heading = COMMITTEES_LINE + "<h1>ISO/IEC JTC 1/SC 27<br>Information security, cybersecurity and privacy protection</h1>"
    details = """
          <li><div class="entry-label">Parent committee</div>&nbsp;:&nbsp;<a href="/committee/45020.html">ISO/IEC JTC 1</a></li>"""
    assert _committee(heading, 45306, details) == SC_27


def test_an_unknown_status_marker_is_a_reject_not_a_guess():
    reject = _committee(COMMITTEES_LINE + "<h1>ISO/TC 92 [DISBANDED]<br>Fire safety</h1>", 45308)
    assert isinstance(reject, Reject) and reject.record_type == "Committee"
    assert reject.payload["status"] == "DISBANDED"
    assert any(error.startswith("status:") for error in reject.errors)


def test_a_heading_without_a_title_is_a_reject():
    reject = _committee(COMMITTEES_LINE + "<h1>ISO/TC 176</h1>", 53882)
    assert isinstance(reject, Reject) and reject.payload["title"] is None


@pytest.mark.parametrize(
    "heading",
    [
        COMMITTEES_LINE + "<h1>Quality management and quality assurance</h1>",
        COMMITTEES_LINE + "<h1>ISO/TC 176 Quality management and quality assurance</h1>",
        '<div class="section-head"><a href="/committee/45020.html">ISO/IEC JTC 1</a></div><h1>Information security</h1>',
    ],
    ids=["no reference", "reference and title run together", "only another committee's reference"],
)
def test_a_heading_without_the_committees_own_reference_is_a_layout_error(heading):
    with pytest.raises(PageLayoutError, match="no committee reference"):
        _committee(heading, 53882)
