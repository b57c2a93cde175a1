import pytest

from casco_watch.parsers.links import href_id, url_id


@pytest.mark.parametrize(
    ("href", "kind", "expected"),
    [
        ("/committee/54998.html", "committee", 54998),
        ("/fr/committee/54998.html", "committee", 54998),
        ("/ru/committee/4882535.html", "committee", 4882535),
        ("https://www.iso.org/es/committee/54998.html?view=participation", "committee", 54998),
        ("https://iso.ch/ru/committee/55010.html", "committee", 55010),
        ("https://committee.iso.org/committee/6774216.html", "committee", 6774216),
        ("https://ianor.isolutions.iso.org/ru/committee/54998.html", "committee", 54998),
        ("/contents/data/committee/05/49/54998.html", "committee", 54998),
        ("https://www.iso.org/en/contents/data/committee/05/47/54706.html#secretariat", "committee", 54706),
        (
            "https://committee.iso.org/cms/live/live/en/sites/isoorg/contents/data/committee/10/71/10713488.html",
            "committee",
            10713488,
        ),
        ("/cms/render/live/en/sites/isoorg/contents/data/member/00/16/1619.html", "member", 1619),
        ("https://ttbs.isolutions.iso.org/es/sites/isoorg/contents/data/member/00/16/1619.html", "member", 1619),
        ("/committee/48104/x/catalogue/", "committee", 48104),
        ("  /organization/10147.html  ", "organization", 10147),
        ("/member/1619.html", "committee", None),
        ("https://www.iec.ch/committee/1.html", "committee", None),
        ("https://example.org/member/1619.html", "member", None),
        ("/committee/0.html", "committee", None),
        ("/standard/23281.html", "committee", None),
        ("mailto:central@iso.org", "member", None),
        ("", "member", None),
        (None, "member", None),
    ],
)
def test_href_id(href, kind, expected):
    assert href_id(href, kind) == expected


def test_url_id_takes_the_id_whatever_host_served_the_page():
    assert url_id("http://127.0.0.1:8123/fr/committee/54998.html?view=participation", "committee") == 54998
    assert url_id("http://127.0.0.1:8123/member/1619.html", "organization") is None
