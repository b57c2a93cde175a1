"""Every fixture page, parsed, gives exactly the records the site data says a full crawl must find."""

from collections import defaultdict

import pytest

from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_pages
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.fixture_site.site_data import CASCO_ID, expected_records, site

PARSERS = {"committee": parse_committee_page, "member": parse_member_page, "organization": parse_organization_page}


def parse_fixture_page(relative, html):
    """The parsed fixture page at `relative` (`committee/54998.participation.html` is the participation view)."""
    if relative.endswith(".participation.html"):
        return parse_participation_page(html, "https://www.iso.org/" + relative.replace(".participation.html", ".html?view=participation"))
    return PARSERS[relative.split("/")[0]](html, "https://www.iso.org/" + relative)


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_all_pages_give_the_expected_records(state, same_records):
    parsed = defaultdict(list)
    for relative, html in sorted(fixture_pages(state).items()):
        if not relative.endswith(".html"):
            continue
        for record in parse_fixture_page(relative, html).records:
            parsed[type(record).__name__].append(record)

    expected = expected_records(state, site(state).committees)
    assert "Reject" not in parsed
    assert sorted(parsed) == sorted(expected)
    for model, records in expected.items():
        assert same_records(parsed[model], records), model


def test_following_casco_liaisons_reaches_every_committee_in_october():
    state = FIXTURE_STATES[0]
    assert expected_records(state, (CASCO_ID,), follow_liaisons=True) == expected_records(state, sorted(site(state).committees))
