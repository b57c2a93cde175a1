import urllib.error
import urllib.request

import pytest

from casco_watch.fixture_site.server import CHALLENGE_ENDPOINT, FixtureSite
from tests.fixture_oracle import FaultySite


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
    with FaultySite(status_overrides=overrides, retry_after=7) as site:
        status, _, headers = _get(site, "/committee/54998.html?view=participation")
        assert (status, headers["Retry-After"]) == (429, "7")
        assert _get(site, "/committee/54998.html")[0] == 200


def test_wildcard_override_refuses_everything():
    with FaultySite(status_overrides={"*": 403}) as site:
        assert [_get(site, p)[0] for p in ("/robots.txt", "/committee/54998.html")] == [403, 403]


def _post(site, path, body: bytes):
    request = urllib.request.Request(site.base_url + path, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def _get_with_cookie(site, path, cookie):
    request = urllib.request.Request(site.base_url + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def test_in_challenge_mode_only_the_answer_to_the_pages_script_earns_the_pages():
    with FixtureSite(challenge=True) as site, FixtureSite() as open_site:
        try:
            urllib.request.urlopen(site.base_url + "/committee/54998.html", timeout=10)
        except urllib.error.HTTPError as error:
            status, headers, page = error.code, error.headers, error.read().decode()
        assert (status, headers["Server"], headers["cf-mitigated"]) == (403, "cloudflare", "challenge")
        assert "<title>Just a moment...</title>" in page and CHALLENGE_ENDPOINT in page
        assert _get(site, "/robots.txt")[0] == 200

        assert _post(site, CHALLENGE_ENDPOINT, b"1")[0] == 403
        status, headers = _post(site, CHALLENGE_ENDPOINT, str(site.puzzle_answer).encode())
        cookie = headers["Set-Cookie"]
        assert status == 200 and "Max-Age=" in cookie and "SameSite=Lax" in cookie and "SameSite=None" not in cookie

        assert _get_with_cookie(site, "/committee/54998.html", cookie.split(";")[0]) == (
            200, _get(open_site, "/committee/54998.html")[1])
        assert site.challenge_answers == ["1", str(site.puzzle_answer)]


def test_a_challenge_that_never_clears_refuses_even_the_right_answer():
    with FixtureSite(challenge=True, challenge_clears=False) as site:
        status, headers = _post(site, CHALLENGE_ENDPOINT, str(site.puzzle_answer).encode())
        assert status == 403 and "Set-Cookie" not in headers
