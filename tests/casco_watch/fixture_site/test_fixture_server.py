import urllib.error
import urllib.request

import pytest

from casco_watch.fixture_site.server import FixtureSite


def _get(site, path):
    try:
        with urllib.request.urlopen(site.base_url + path, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, "", error.headers


def test_serves_the_pages_of_a_state_under_iso_org_paths():
    with FixtureSite() as site:
        assert site.base_url.startswith("http://127.0.0.1:")
        status, html, _ = _get(site, "/committee/54998.html")
        assert status == 200 and "ISO/CASCO" in html and "datatable-PART_P_OC" not in html
        assert "datatable-PART_P_OC" in _get(site, "/committee/54998.html?view=participation")[1]
        assert _get(site, "/fr/member/1619.html")[1] == _get(site, "/member/1619.html")[1]
        assert _get(site, "/organization/10147.html")[0] == 200
        assert "Disallow: /search" in _get(site, "/robots.txt")[1]
        assert _get(site, "/committee/999.html")[0] == 404
        assert _get(site, "/standards.html")[0] == 404
        assert site.requests[:2] == ["/committee/54998.html", "/committee/54998.html?view=participation"]


def test_switches_state_while_running():
    with FixtureSite("2026-10-01") as site:
        assert _get(site, "/organization/10164.html")[0] == 200
        site.state = "2026-11-01"
        assert _get(site, "/organization/10164.html")[0] == 404
        assert "UkrNDNC" in _get(site, "/member/2172.html")[1]
    with pytest.raises(ValueError, match="unknown fixture state"):
        FixtureSite("2026-12-01")


def test_status_overrides_with_retry_after():
    overrides = {"/committee/54998.html?view=participation": 429}
    with FixtureSite(status_overrides=overrides, retry_after=7) as site:
        status, _, headers = _get(site, "/committee/54998.html?view=participation")
        assert (status, headers["Retry-After"]) == (429, "7")
        assert _get(site, "/committee/54998.html")[0] == 200


def test_wildcard_override_refuses_everything():
    with FixtureSite(status_overrides={"*": 403}) as site:
        assert [_get(site, p)[0] for p in ("/robots.txt", "/committee/54998.html")] == [403, 403]
