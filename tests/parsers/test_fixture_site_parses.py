"""Every fixture page, parsed, gives exactly the records the site data says a full crawl must find."""

from collections import defaultdict

import pytest

from casco_watch.fixture_site.server import FIXTURE_STATES, fixture_page, fixture_pages, fixture_request
from casco_watch.parsers.by_kind import PAGE_PARSERS
from casco_watch.fixture_site.site_data import CASCO_ID, site
from tests.fixture_oracle import expected_records

CATALOGUE_FIELDS = ("deliverable_id", "committee_id", "reference", "title", "status")
"""What a catalogue row states of a document; its standard page states the rest."""


def parse_fixture_page(relative, html):
    """The parsed fixture page at `relative` (`committee/54998.participation.html` is the participation view,
    `committee/54998.catalogue.html` the catalogue), as if fetched from www.iso.org."""
    kind, target = fixture_request(relative)
    return PAGE_PARSERS[kind](html, "https://www.iso.org" + target)


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_each_rendered_page_is_what_the_site_answers_at_its_request(state):
    for relative, html in fixture_pages(state).items():
        request = fixture_request(relative)
        if request is not None:
            assert fixture_page(state, request[1]) == html, relative


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_all_pages_give_the_expected_records(state, same_records):
    parsed, catalogued = defaultdict(list), []
    for relative, html in sorted(fixture_pages(state).items()):
        if not relative.endswith(".html"):
            continue
        page = parse_fixture_page(relative, html)
        for record in page.records:
            (catalogued if page.page_kind == "catalogue" else parsed[type(record).__name__]).append(record)

    expected = expected_records(state, site(state).committees)
    assert "Reject" not in parsed
    assert same_records(catalogued, [{f: r[f] for f in CATALOGUE_FIELDS} | {
        "stage": None, "edition": None, "pages": None, "publication_date": None, "replaces": None, "replaced_by": None,
    } for r in expected["Deliverable"]])
    assert sorted(parsed) == sorted(expected)
    for model, records in expected.items():
        assert same_records(parsed[model], records), model


def test_following_casco_liaisons_reaches_every_committee_in_october():
    state = FIXTURE_STATES[0]
    assert expected_records(state, (CASCO_ID,), follow_liaisons=True) == expected_records(state, sorted(site(state).committees))
