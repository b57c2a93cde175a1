"""A committee's catalogue: one Deliverable per row of #datatable-tc-projects, its status from the row's label."""

from __future__ import annotations

from casco_watch.parsers.catalogue_page import parse_catalogue_page
from casco_watch.schemas import Deliverable, Reject
from tests.parsers.jahia import iso_page

URL = "https://www.iso.org/committee/54998/x/catalogue/p/1/u/1/w/1/d/1"


def row(deliverable_id: int, reference: str, title: str, label: str = "") -> str:
    return f"""<tr><td data-title="Standard and/or project">
      <div class="fg-normal"><div><a href="/standard/{deliverable_id}.html?browse=tc" title="{reference}">{reference}</a>
      {f'<span class="small">{label}</span>' if label else ''}</div>
      <div class="entry-summary">{title}</div></div></td><td data-title="Stage">60.60</td></tr>"""


def catalogue(*rows: str) -> str:
    return iso_page(f"""<table class="table" id="datatable-tc-projects"><thead><tr><th>Standard and/or project</th>
      <th>Stage</th></tr></thead><tbody>{''.join(rows)}</tbody></table>""", canonical=URL)


def test_rows_of_every_status():
    page = parse_catalogue_page(catalogue(
        row(66912, "ISO/IEC 17025:2017", "General requirements for the competence of testing and calibration laboratories"),
        row(83956, "ISO/IEC DIS 17025", "General requirements for the competence of testing and calibration laboratories",
            "[Under development]"),
        row(39883, "ISO/IEC 17025:2005", "General requirements for the competence of testing and calibration laboratories",
            "[Withdrawn]"),
        row(90001, "ISO/IEC AWI 17099", "Conformity assessment — Vocabulary for projects", "[Deleted]"),
    ), URL)
    title = "General requirements for the competence of testing and calibration laboratories"
    assert page.page_kind == "catalogue" and page.subject_id == 54998
    assert page.records == [
        Deliverable(deliverable_id=66912, committee_id=54998, reference="ISO/IEC 17025:2017", title=title, status="published"),
        Deliverable(deliverable_id=83956, committee_id=54998, reference="ISO/IEC DIS 17025", title=title,
                    status="under_development"),
        Deliverable(deliverable_id=39883, committee_id=54998, reference="ISO/IEC 17025:2005", title=title, status="withdrawn"),
        Deliverable(deliverable_id=90001, committee_id=54998, reference="ISO/IEC AWI 17099",
                    title="Conformity assessment — Vocabulary for projects", status="deleted"),
    ]


def test_an_unknown_label_is_a_reject_and_a_row_without_a_standard_link_too():
    page = parse_catalogue_page(catalogue(
        row(66912, "ISO/IEC 17025:2017", "Testing and calibration laboratories", "[Confirmed]"),
        '<tr><td><div><div>ISO/IEC 17000:2020</div><div class="entry-summary">Vocabulary</div></div></td></tr>',
    ), URL)
    assert all(isinstance(record, Reject) for record in page.records)
    assert "Confirmed" in page.records[0].errors[0]
    assert page.records[1].payload["reference"].startswith("ISO/IEC 17000:2020")


def test_an_empty_catalogue_is_no_documents():
    assert parse_catalogue_page(catalogue(), URL).records == []
