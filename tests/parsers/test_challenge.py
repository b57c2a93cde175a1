"""A bot wall's challenge is told from a page and from a plain refusal, marker by marker, vendor by vendor."""

import pytest

from casco_watch.parsers.challenge import Challenge, find_challenge

PAGE = b"<html><head><title>ISO/CASCO - Committee on conformity assessment</title></head><body>...</body></html>"
JUST_A_MOMENT = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>"


@pytest.mark.parametrize(("status", "headers", "body", "vendor", "marker"), [
    (403, [("CF-Mitigated", "challenge")], b"", "Cloudflare", "cf-mitigated: challenge header"),
    (403, [], JUST_A_MOMENT, "Cloudflare", '"Just a moment..." page title'),
    (200, [], b"<html><head><title>\n  Just a moment\xe2\x80\xa6 </title></head></html>", "Cloudflare",
     '"Just a moment\u2026" page title'),
    (403, [], b'<html><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=1"></script></html>',
     "Cloudflare", "/cdn-cgi/challenge-platform/ script"),
    (403, [("Server", "cloudflare")], b"", "Cloudflare", "Server: cloudflare on HTTP 403"),
    (503, [("server", "cloudflare")], b"", "Cloudflare", "Server: cloudflare on HTTP 503"),
    (202, [("x-amzn-waf-action", "challenge")], b"", "AWS WAF", "x-amzn-waf-action: challenge header"),
    (405, [("X-Amzn-Waf-Action", "captcha")], b"", "AWS WAF", "x-amzn-waf-action: captcha header"),
    (200, [], b'<html><script src="/_Incapsula_Resource?SWJIYLWA=7"></script></html>', "Imperva Incapsula",
     "/_Incapsula_Resource script"),
    (403, [], b'<html><iframe src="https://geo.captcha-delivery.com/captcha/?cid=1"></iframe></html>', "DataDome",
     "captcha-delivery.com frame"),
    (403, [("X-DataDome", "protected")], b"", "DataDome", "x-datadome header on a refusal"),
    (403, [("Server", "AkamaiGHost")], b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>Reference #18</BODY></HTML>",
     "Akamai", '"Access Denied" page from Server: AkamaiGHost'),
])
def test_each_marker_names_its_vendor(status, headers, body, vendor, marker):
    assert find_challenge(status, headers, body) == Challenge(vendor, marker)


@pytest.mark.parametrize(("status", "headers", "body"), [
    (200, [("Server", "cloudflare"), ("CF-RAY", "8a1")], PAGE),  # a page served through Cloudflare
    (403, [("Server", "nginx")], b"<html><title>403 Forbidden</title></html>"),  # a plain refusal
    (403, [], b""),
    (404, [("Server", "cloudflare")], b"<html><title>Page not found</title></html>"),
    (200, [("X-DataDome", "protected")], PAGE),  # DataDome lets the page through
    (403, [("Server", "AkamaiGHost")], b"<html><title>Forbidden</title></html>"),
    (200, [("cf-mitigated", "block")], PAGE),
])
def test_pages_and_plain_refusals_are_no_challenge(status, headers, body):
    assert find_challenge(status, headers, body) is None


def test_the_reason_says_a_javascript_challenge_was_met():
    assert Challenge("Cloudflare", "cf-mitigated: challenge header").describe() == "met a JavaScript challenge (Cloudflare)"
