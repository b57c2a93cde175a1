import pytest

from casco_watch.fixture_server import FIXTURE_SITE_ROOT, FIXTURE_STATES
from tests.fixture_site.render import render_site


@pytest.mark.parametrize("state", FIXTURE_STATES)
def test_committed_pages_are_what_the_generator_writes(state):
    """After editing site_data.py, run `python -m tests.fixture_site.render` and commit the pages."""
    state_dir = FIXTURE_SITE_ROOT / state
    committed = {p.relative_to(state_dir).as_posix(): p.read_text(encoding="utf-8") for p in state_dir.rglob("*") if p.is_file()}
    assert committed == render_site(state)


def test_pages_look_like_iso_org():
    html = (FIXTURE_SITE_ROOT / FIXTURE_STATES[0] / "committee" / "54998.html").read_text()
    for mark in ('<main role="main" id="content"', "section-navigation", "OneTrust", '<div class="entry-label">', "&nbsp;:&nbsp;", 'data-title="Reference"', 'href="/fr/'):
        assert mark in html
