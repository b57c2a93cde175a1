import re

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.schemas import Liaison, Reject

URL = "https://www.iso.org/committee/54998.html"


def _liaisons(html):
    page = parse_committee_page(html, URL)
    return page.of_type(Liaison), [r for r in page.records if isinstance(r, Reject)]


def _without_category_column(html, heading):
    """The page with the Category column removed from the table under `heading`."""
    start = html.index(heading)
    end = html.index("</table>", start)
    table = re.sub(r"<th>Category</th>|\s*<td data-title=\"Category\">\s*[A-D]\s*</td>", "", html[start:end])
    return html[:start] + table + html[end:]


def test_directions_and_categories_as_shown(fixture_page):
    liaisons, rejects = _liaisons(fixture_page("committee/54998.html"))
    by_partner = {(l.partner_kind, l.partner_id, l.direction): l for l in liaisons}

    assert not rejects
    assert by_partner[("committee", 53882, "to")].partner_label == "ISO/TC 176"
    assert ("committee", 53882, "from") in by_partner
    assert ("committee", 10138914, "from") in by_partner and ("committee", 10138914, "to") not in by_partner
    assert by_partner[("organization", 10147, "unspecified")].model_dump() == {
        "committee_id": 54998,
        "partner_kind": "organization",
        "partner_id": 10147,
        "partner_label": "IAF",
        "direction": "unspecified",
        "category": "A",
    }
    assert by_partner[("organization", 8816, "unspecified")].category == "B"
    assert by_partner[("organization", 521839, "unspecified")].category == "C"


def test_without_a_category_column_the_heading_decides(fixture_page):
    html = fixture_page("committee/54998.html")
    html = _without_category_column(html, "Organizations in liaison&nbsp;(Category C)")
    html = _without_category_column(html, "Organizations in liaison&nbsp;(Category A and B)")
    liaisons, rejects = _liaisons(html)
    categories = {l.partner_label: l.category for l in liaisons if l.partner_kind == "organization"}

    assert not rejects
    assert categories["EOQ"] == "C"
    assert categories["IAF"] is None and categories["BIPM"] is None


def test_unknown_category_is_a_reject(fixture_page):
    html = re.sub(r'(<td data-title="Category">\s*)C(\s*</td>)', r"\1Category Z\2", fixture_page("committee/54998.html"), count=1)
    _, [reject] = _liaisons(html)
    assert (reject.record_type, reject.payload["category"], reject.payload["partner_label"]) == ("Liaison", "Category Z", "EOQ")


def test_a_row_without_a_link_is_a_reject(fixture_page):
    html = fixture_page("committee/54998.html")
    html = re.sub(r'<a href="[^"]*organization[^"]*10147\.html">IAF</a>', "IAF", html)
    _, [reject] = _liaisons(html)
    assert reject.payload["partner_id"] is None and reject.payload["partner_label"] == "IAF"


def test_a_committee_without_liaison_lists_has_no_liaisons(fixture_page):
    html = fixture_page("committee/54998.html")
    start = html.index('<section id="section-liaisons"')
    html = html[:start] + html[html.index("</section>", start) + len("</section>") :]
    liaisons, rejects = _liaisons(html)
    assert liaisons == [] and rejects == []


def test_liaison_lists_under_headings_of_another_wording_are_rejects_not_a_committee_without_liaisons(fixture_page):
    """NOTES §2.6: the headings read are remembered, not seen (grade D); a list under another wording must not read
    as no liaisons at all."""
    html = fixture_page("committee/54998.html").replace("<h3>Liaison Committees", "<h3>Committees in liaison").replace(
        "<h3>Organizations in liaison", "<h3>Liaison organizations")
    liaisons, rejects = _liaisons(html)
    assert liaisons == []
    assert [(r.record_type, r.payload) for r in rejects] == [
        ("Liaison", {"committee_id": 54998, "heading": heading}) for heading in (
            "Committees in liaison to ISO/CASCO", "Committees in liaison from ISO/CASCO",
            "Liaison organizations (Category A and B)", "Liaison organizations (Category C)")]
    assert rejects[0].errors[0].startswith(
        "8 row(s) under 'Committees in liaison to ISO/CASCO', a liaison heading parsers/liaisons.py does not read")
