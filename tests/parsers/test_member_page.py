import pytest

from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import Reject

URL = "https://www.iso.org/member/{}.html"


def _record(html, member_id):
    page = parse_member_page(html, URL.format(member_id))
    assert (page.page_kind, page.subject_id) == ("member", member_id)
    [record] = page.records
    return record


def test_a_member_body_with_address_and_website(fixture_page):
    assert _record(fixture_page("member/1619.html"), 1619).model_dump() == {
        "member_id": 1619,
        "acronym": "SCC",
        "name": "Standards Council of Canada",
        "country": "Canada",
        "membership_type": "member_body",
        "address": "600-55 Metcalfe Street\nOttawa, Ontario K1P 6L5\nCanada",
        "website": "https://www.scc.ca",
    }


def test_a_correspondent_member_without_address_or_website(fixture_page):
    assert _record(fixture_page("member/374819.html"), 374819).model_dump() == {
        "member_id": 374819,
        "acronym": "BSB",
        "name": "Bureau of Standards, Bhutan",
        "country": "Bhutan",
        "membership_type": "correspondent_member",
        "address": None,
        "website": None,
    }


def test_renamed_acronym_keeps_the_id(fixture_page):
    assert _record(fixture_page("member/2172.html"), 2172).acronym == "SE UkrNDNC"
    assert _record(fixture_page("member/2172.html", "2026-11-01"), 2172).acronym == "UkrNDNC"


def test_subscriber_member_label(fixture_page):
    html = fixture_page("member/1619.html").replace("<span>Member body</span>", "<span>Subscriber\u00a0member</span>")
    assert _record(html, 1619).membership_type == "subscriber_member"


def test_unknown_membership_label_is_a_reject(fixture_page):
    html = fixture_page("member/1619.html").replace("<span>Member body</span>", "<span>Honorary member</span>")
    reject = _record(html, 1619)
    assert isinstance(reject, Reject) and reject.payload["membership_type"] == "Honorary member"


def test_missing_name_and_labels_are_none(fixture_page):
    html = fixture_page("member/1619.html").replace("<h2>Standards Council of Canada</h2>", "")
    html = html.replace('<div class="entry-label">Country/Territory</div>', "")
    record = _record(html, 1619)
    assert (record.acronym, record.name, record.country) == ("SCC", None, None)


def test_the_id_comes_from_the_url_when_there_is_no_canonical_link(fixture_page):
    html = fixture_page("member/1619.html").replace('rel="canonical"', 'rel="bookmark"')
    page = parse_member_page(html, "https://ttbs.isolutions.iso.org/es/sites/isoorg/contents/data/member/00/16/1619.html")
    assert page.subject_id == 1619


@pytest.mark.parametrize("relative", ["committee/54998.html", "organization/10147.html"])
def test_a_page_of_another_kind_is_a_layout_error(fixture_page, relative):
    with pytest.raises(PageLayoutError, match="member-body acronym"):
        parse_member_page(fixture_page(relative), "https://www.iso.org/" + relative)
