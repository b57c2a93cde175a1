import pytest

from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.page import PageLayoutError


def _record(fixture_page, organization_id):
    page = parse_organization_page(
        fixture_page(f"organization/{organization_id}.html"), f"https://www.iso.org/fr/organization/{organization_id}.html"
    )
    assert (page.page_kind, page.subject_id) == ("organization", organization_id)
    [record] = page.records
    return record.model_dump()


def test_an_organization(fixture_page):
    assert _record(fixture_page, 289098) == {
        "organization_id": 289098,
        "acronym": "UILI",
        "name": "Union Internationale des Laboratoires Indépendants",
        "country": "France",
    }


def test_an_organization_without_a_country(fixture_page):
    assert _record(fixture_page, 521839)["country"] is None


@pytest.mark.parametrize(
    ("relative", "missing"),
    [("member/1619.html", "organization acronym"), ("committee/54998.html", "no organization id")],
)
def test_a_page_of_another_kind_is_a_layout_error(fixture_page, relative, missing):
    with pytest.raises(PageLayoutError, match=missing):
        parse_organization_page(fixture_page(relative), "https://www.iso.org/" + relative)
