"""Standard pages: the three genuine iso.org pages in shared/ read to the values they show, a third template is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from casco_watch.parsers.page import PageLayoutError
from casco_watch.parsers.standard_page import parse_standard_page
from casco_watch.schemas import Deliverable, Reject
from tests.conftest import REPO
from tests.parsers.jahia import iso_page

SHARED = REPO.parent / "shared" / "iso-site"


def real_page(year: int) -> str:
    path = SHARED / f"real-iso-standard-page-{year}.html"
    if not path.exists():
        pytest.skip(f"the real iso.org standard pages are not in {SHARED} (../shared/iso-site from the repo root)")
    return path.read_text(encoding="utf-8")


ISO_19115_1 = dict(
    deliverable_id=53798,
    committee_id=54904,  # "Technical Committee : ISO/TC 211", /committee/54904.html
    reference="ISO 19115-1:2014",
    status="published",
    stage="90.93",
    edition=1,
    pages=167,
    publication_date=dt.date(2014, 4, 1),
    replaces=(26020, 44361),  # "Previously": ISO 19115:2003 and ISO 19115:2003/Cor 1:2006
    replaced_by=(),
)


def test_the_2019_page_in_the_older_template():
    page = parse_standard_page(real_page(2019), "https://www.iso.org/standard/53798.html")
    assert page.page_kind == "standard" and page.subject_id == 53798
    assert page.records == [Deliverable(**ISO_19115_1, title="Geographic information -- Metadata -- Part 1: Fundamentals")]


def test_the_2023_page_in_the_current_template_ignores_its_amendments_as_replacements():
    page = parse_standard_page(real_page(2023), "https://www.iso.org/standard/53798.html")
    assert page.records == [Deliverable(**ISO_19115_1, title="Geographic information — Metadata — Part 1: Fundamentals")]


def test_the_2024_page():
    page = parse_standard_page(real_page(2024), "https://www.iso.org/standard/23281.html")
    assert page.records == [Deliverable(
        deliverable_id=23281,
        committee_id=48716,  # ISO/TC 45/SC 3
        reference="ISO 123:2001",
        title="Rubber latex — Sampling",
        status="published",
        stage="90.93",
        edition=3,
        pages=8,
        publication_date=dt.date(2001, 5, 1),
        replaces=(3926,),  # ISO 123:1985
        replaced_by=(),
    )]


def current_template(status: str, stage: str, steps: str = "") -> str:
    return iso_page(f"""
<section class="section-navigation bg-lightgray"><nav class="heading-condensed nav-relatives">
  <h1>ISO/IEC DIS 17025</h1><h2>General requirements for the competence of testing and calibration laboratories</h2></nav>
</section>
<ul class="refine"><li>
  <div id="publicationStatus"><div class="entry-label">Status</div>&nbsp;:&nbsp;<span>{status}</span></div>
  <div id="stageId"><div class="entry-label">Stage</div> : DIS registered [<a href="#lifecycle">{stage}</a>]</div></li>
  <li><div><div class="entry-label">Technical Committee&nbsp;:</div>
  <span class="entry-name entry-block"><a href="/committee/54998.html">ISO/CASCO</a></span></div></li>
</ul>
<section id="lifecycle"><ul class="steps">{steps}</ul></section>""", canonical="https://www.iso.org/standard/83956.html")


def test_a_project_under_development_with_the_standard_it_will_replace():
    steps = """<li class="time-step"><h4>Previously</h4><h5><a href="/standard/66912.html">ISO/IEC 17025:2017</a></h5></li>
      <li class="time-step"><h4>Now</h4><h5>ISO/IEC DIS 17025</h5></li>"""
    page = parse_standard_page(current_template("Under development", "40.00", steps), "https://www.iso.org/standard/83956.html")
    assert page.records == [Deliverable(
        deliverable_id=83956, committee_id=54998, reference="ISO/IEC DIS 17025",
        title="General requirements for the competence of testing and calibration laboratories",
        status="under_development", stage="40.00", replaces=(66912,), replaced_by=(),
    )]


def test_a_replaced_standard_names_its_successor():
    steps = """<li class="time-step"><h4>Now</h4><h5>ISO/IEC 17025:2017</h5></li>
      <li class="time-step"><h4>Will be replaced by</h4><h5><a href="/standard/83956.html">ISO/IEC DIS 17025</a></h5></li>"""
    page = parse_standard_page(current_template("Published", "90.92", steps), "https://www.iso.org/standard/83956.html")
    assert page.records[0].replaced_by == (83956,)


@pytest.mark.parametrize(("status", "stage", "error"), [
    ("Under review", "40.00", "status"),
    ("Under development", "40.55", "unknown stage code '40.55'"),
])
def test_an_unknown_status_or_stage_is_a_reject_never_a_guess(status, stage, error):
    [record] = parse_standard_page(current_template(status, stage), "https://www.iso.org/standard/83956.html").records
    assert isinstance(record, Reject) and record.record_type == "Deliverable"
    assert any(e.startswith(error.split()[0]) or error in e for e in record.errors), record.errors


def test_a_third_template_is_refused():
    html = iso_page('<ul class="refine"><li><p>State: Published</p></li></ul>', canonical="https://www.iso.org/standard/1.html")
    with pytest.raises(PageLayoutError, match="publicationStatus"):
        parse_standard_page(html, "https://www.iso.org/standard/1.html")
