"""CASCO's committee page as NOTES §2.1 describes it, written by hand (tests/parsers/pages/casco-en.html)."""

from pathlib import Path

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.schemas import Committee, Officer, Subgroup

PAGES = Path(__file__).parent / "pages"


def test_casco_page_as_notes_describes_it():
    page = parse_committee_page((PAGES / "casco-en.html").read_text(encoding="utf-8"), "https://www.iso.org/committee/54998.html")

    assert (page.page_kind, page.subject_id) == ("committee", 54998)
    assert page.records == [
        Committee(
            committee_id=54998,
            reference="ISO/CASCO",
            title="Committee on conformity assessment",
            creation_year=1970,
            scope="Terms of reference:\n\nTo study means of assessing the conformity of products, processes, services and"
            " management systems to appropriate standards or other technical specifications.",
            published_standards=37,
            standards_under_development=6,
            participating_members=95,
            observing_members=49,
        ),
        Officer(committee_id=54998, role="secretary", name="Ms Cristina Draghici"),
        Officer(committee_id=54998, role="chairperson", name="Reinaldo Figueiredo"),
        Officer(committee_id=54998, role="vice_chair", name="Ms Caroline Outa"),
        Officer(committee_id=54998, role="technical_programme_manager", name="Ms Cristina Draghici"),
        Officer(committee_id=54998, role="editorial_manager", name="Mr Brian Stanton"),
        Subgroup(
            committee_id=54998,
            reference="ISO/CASCO/AHG",
            title="Monitoring global developments relevant to conformity assessment",
            type="working_group",
        ),
        Subgroup(committee_id=54998, reference="ISO/CASCO/CPC", title="Chair's Policy and Coordination Group", type="working_group"),
        Subgroup(
            committee_id=54998, reference="ISO/CASCO/IAF/ILAC JSG", title="IAF-ILAC-ISO Joint Strategic Group", type="working_group"
        ),
        Subgroup(
            committee_id=54998,
            reference="ISO/CASCO/JWG 62",
            title="Joint ISO/CASCO - ISO/TC 85 WG: ISO/TS 23406 (ITNS)",
            type="working_group",
        ),
    ]
