"""The parsers' selectors find what bs4's CSS `select` finds, without soupsieve's costly first compile."""

import pytest
from bs4 import BeautifulSoup

from casco_watch.parsers.html import Selector

DOCUMENT = """
<main id="content"><section class="section-navigation other"><div><nav id="n1"><h1>A <span class="lead">T</span>
</h1></nav></div></section><nav id="n2"></nav></main>
<section class="section-navigation"><nav id="n3"></nav></section>
<div id="lifecycle"><ul class="stages"><li class="active done"><span class="stage-code">60.60</span></li>
<li class="active"><span class="stage-code x">90.93</span></li></ul><ul class="steps"><li>a<ul><li>b</li></ul></li>
<li class="time-step">c</li></ul></div>
<h1><div><span class="lead">second</span></div></h1><span class="lead">outside</span>
"""
SELECTORS = ["#content section.section-navigation nav", "section.section-navigation nav", "h1 span.lead",
             "#lifecycle ul.stages li.active span.stage-code", "li.time-step", "ul.steps li", "span.small",
             "#content nav", "div span.lead", "li", "#nowhere li", "ul.steps > li", "div > ul > li",
             "#lifecycle > ul li", "main > section nav > h1 > span.lead", "section > nav"]


@pytest.mark.parametrize("selector", SELECTORS)
def test_a_selector_finds_the_elements_bs4s_select_finds_in_the_same_order(selector):
    soup = BeautifulSoup(DOCUMENT, "lxml")
    assert [id(node) for node in Selector.parse(selector).all(soup)] == [id(node) for node in soup.select(selector)]
    assert Selector.parse(selector).first(soup) is soup.select_one(selector)


def test_within_a_scope_the_ancestors_may_lie_above_it_as_in_bs4():
    soup = BeautifulSoup(DOCUMENT, "lxml")
    nav = soup.find(id="n1")
    assert Selector.parse("section.section-navigation nav h1").first(nav) is nav.select_one(
        "section.section-navigation nav h1") is nav.h1
