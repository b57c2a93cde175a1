"""A page in another language fails loudly; an English page is read whatever link it came from.

The parsers know iso.org's English labels only. A Russian copy of CASCO's page
(NOTES §2.1: "Секретарь:", "Председатель (до конца 2026):") must never give
records whose roles or names are translated labels.
"""

from pathlib import Path

import pytest

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.schemas import Committee, Officer
from tests.parsers.jahia import COMMITTEES_LINE, committee_page, details_page

PAGES = Path(__file__).parent / "pages"
RUSSIAN_CASCO = (PAGES / "casco-ru.html").read_text(encoding="utf-8")
NOT_ENGLISH = r"not in English .*crawl the English site"
CASCO_HEADING = COMMITTEES_LINE + "<h1>ISO/CASCO<br>Committee on conformity assessment</h1>"
CHAIR = '\n          <li><div class="entry-label">{label}</div>&nbsp;{value}</li>'


@pytest.mark.parametrize(
    "parse",
    [parse_committee_page, parse_participation_page, parse_member_page, parse_organization_page],
    ids=["committee", "participation", "member", "organization"],
)
def test_a_page_declared_russian_is_refused_by_every_parser(parse):
    with pytest.raises(PageLayoutError, match=r"not in English \(html lang='ru'\): crawl the English site"):
        parse(RUSSIAN_CASCO, "https://www.iso.org/ru/committee/54998.html")


@pytest.mark.parametrize(
    "html",
    [
        RUSSIAN_CASCO.replace('<html lang="ru">', '<html lang="en">'),
        RUSSIAN_CASCO.replace('<html lang="ru">', "<html>"),
        committee_page(CASCO_HEADING, CHAIR.format(label="Председатель (до конца 2026):", value="Ms Caroline Outa")),
        committee_page(CASCO_HEADING, CHAIR.format(label="Секретарь:", value="Ms Cristina Draghici")),
    ],
    ids=["Russian page declared English", "Russian page declaring no language", "Russian chair label", "Russian secretary label"],
)
def test_russian_labels_are_refused_whatever_the_page_declares(html):
    with pytest.raises(PageLayoutError, match=r"not in English \(label .*\): crawl the English site"):
        parse_committee_page(html, "https://www.iso.org/committee/54998.html")


@pytest.mark.parametrize("lang", ["fr", "es", "zh-CN"])
def test_other_declared_languages_are_refused(lang):
    html = committee_page(CASCO_HEADING, lang=lang)
    with pytest.raises(PageLayoutError, match=NOT_ENGLISH):
        parse_committee_page(html, "https://www.iso.org/committee/54998.html")


@pytest.mark.parametrize(
    ("lang", "url"),
    [
        ("en", "https://www.iso.org/fr/committee/54998.html"),
        ("en-GB", "https://ianor.isolutions.iso.org/ru/committee/54998.html"),
        ("EN", "https://www.iso.org/cms/render/live/en/sites/isoorg/contents/data/committee/05/49/54998.html"),
    ],
)
def test_an_english_page_is_read_whatever_link_served_it(lang, url):
    html = committee_page(CASCO_HEADING, CHAIR.format(label="Chairperson (until end 2026) :", value="Ms Caroline Outa"), lang=lang)
    assert parse_committee_page(html, url).records == [
        Committee(committee_id=54998, reference="ISO/CASCO", title="Committee on conformity assessment"),
        Officer(committee_id=54998, role="chairperson", name="Ms Caroline Outa", term="until end 2026"),
    ]


def test_non_latin_data_in_an_english_page_is_not_a_language_error():
    """Only the site's own words (labels, table headers) say what language a page is in; names may be anything."""
    heading = '<div class="section-head"><a href="/member/1635.html">SAC</a></div>\n    <h2>Standardization Administration of China (国家标准化管理委员会)</h2>'
    details = '\n      <li><div class="entry-label">Country/Territory</div>&nbsp;:&nbsp;China</li>'
    url = "https://www.iso.org/member/1635.html"
    [member] = parse_member_page(details_page("member", 1635, heading, details), url).records
    assert member.name == "Standardization Administration of China (国家标准化管理委员会)"
