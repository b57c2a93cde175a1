import pytest

from casco_watch.parsers.links import canonical_url, href_id, url_id


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


@pytest.mark.parametrize(
    ("form", "url"),
    [
        ("as the spider asks", "https://www.iso.org/committee/54998.html"),
        ("http", "http://www.iso.org/committee/54998.html"),
        ("without www.", "https://iso.org/committee/54998.html"),
        ("default port", "https://www.iso.org:443/committee/54998.html"),
        ("upper-case host", "https://WWW.ISO.ORG/committee/54998.html"),
        ("/en/ prefix", "https://www.iso.org/en/committee/54998.html"),
        ("trailing slash", "https://www.iso.org/committee/54998.html/"),
        ("no .html, trailing slash", "https://www.iso.org/committee/54998/"),
        ("fragment", "https://www.iso.org/committee/54998.html#section-details"),
        ("CMS long form", "https://www.iso.org/contents/data/committee/05/49/54998.html"),
        ("CMS long form with /en/", "https://www.iso.org/en/contents/data/committee/05/49/54998.html"),
        ("CMS render path", "https://www.iso.org/cms/render/live/en/sites/isoorg/contents/data/committee/05/49/54998.html"),
    ],
)
def test_every_browsing_form_of_a_page_has_one_canonical_url(form, url):
    assert canonical_url(url) == "iso.org/committee/54998.html", form


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.iso.org/committee/54998.html?view=participation", "iso.org/committee/54998.html?view=participation"),
        ("http://iso.org/en/committee/54998.html/?view=participation", "iso.org/committee/54998.html?view=participation"),
        ("https://www.iso.org/a.html?b=2&a=1", "iso.org/a.html?a=1&b=2"),
        ("https://www.iso.org/a.html?a=1&b=2", "iso.org/a.html?a=1&b=2"),
        ("https://www.iso.org/members.html/", "iso.org/members.html"),
        ("http://127.0.0.1:8000/member/1619.html", "127.0.0.1:8000/member/1619.html"),
        ("http://127.0.0.1:8000/en/cms/render/live/en/sites/isoorg/contents/data/member/00/16/1619.html",
         "127.0.0.1:8000/member/1619.html"),
        ("https://www.iso.org/", "iso.org/"),
        ("https://www.iso.org/en/committee/54998/x/catalogue/p/1/u/1/w/1/d/1/",
         "iso.org/committee/54998/x/catalogue/p/1/u/1/w/1/d/1"),
        ("https://www.iso.org/en/standard/80950.html", "iso.org/standard/80950.html"),
        ("https://www.iso.org/fr/standard/80950.html", "iso.org/fr/standard/80950.html"),
        ("https://www.iso.org/enterprise.html", "iso.org/enterprise.html"),
        ("https://www.iso.org/en/", "iso.org/"),
    ],
)
def test_query_order_trailing_slashes_and_ports(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.iso.org/fr/committee/54998.html",  # French labels, which the parsers do not read
        "https://www.iso.org/cms/render/live/fr/sites/isoorg/contents/data/committee/05/49/54998.html",
        "https://www.iso.org/committee/54998/x/catalogue/",  # the catalogue, not the committee page
        "https://committee.iso.org/committee/54998.html",  # another host
        "https://www.iso.org/committee/54998.html?view=documents",
    ],
)
def test_other_pages_keep_their_own_canonical_url(url):
    assert canonical_url(url) != "iso.org/committee/54998.html"
