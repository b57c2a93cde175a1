"""The lean tree builder makes, node for node, the tree bs4's own lxml builder makes: on three fixture pages of
each kind in each state (all 479 pass too, in ~17 s of CPU), the saved pages, and a page of the markup a tree
builder treats specially."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup, Tag

from casco_watch.fixture_site.server import fixture_pages
from casco_watch.fixture_site.site_data import STATES
from casco_watch.parsers.tree_builder import parse_html
from tests.conftest import REPO

_SPECIAL = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">
<!-- before --><html lang="en" xml:lang="en" xmlns="http://www.w3.org/1999/xhtml"><head>
<meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style> p { x: 1 } </style><script>if (a < b) { c(); }</script></head>
<body class="  a   b " id="x" rel="canonical alternate"><?php echo 1; ?>
<pre>  kept
   whitespace  </pre><textarea>  also   kept </textarea><template><p>t</p></template>
<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><![CDATA[ cdata ]]>
<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#i"/></svg>
<table><tr><td headers="h1 h2">unclosed<p>para<div>div</table>
&nbsp;&amp;&#233; \t\r\n <br/><img src="a.png" alt=""><input disabled>
<!-- after --></body></html><!-- trailing -->"""


def _pages() -> list[tuple[str, str]]:
    pages = []
    for state in STATES:
        taken: Counter[str] = Counter()
        for path, html in sorted(fixture_pages(state).items()):
            kind = path.split("/")[0] + path.removesuffix(".html").partition(".")[2]  # member, committeecatalogue, ...
            taken[kind] += 1
            if taken[kind] <= 3:
                pages.append((f"{state} {path}", html))
    saved = [*sorted((REPO.parent / "shared" / "iso-site").glob("*.html")), *sorted((REPO / "tests/parsers/pages").glob("*.html"))]
    return pages + [(path.name, path.read_text(encoding="utf-8")) for path in saved] + [("special markup", _SPECIAL)]


def _shape(soup: BeautifulSoup) -> list[tuple]:
    """Every node: its class, content, attributes with their value types, links by position, and own fields."""
    nodes = [soup, *soup.descendants]
    position = {id(node): index for index, node in enumerate(nodes)}

    def fields(node) -> list[tuple]:
        own = vars(node) if hasattr(node, "__dict__") else {}
        skipped = ("contents", "attrs", "builder")  # the soup's builder is the one intended difference
        return sorted((key, position.get(id(value), value)) for key, value in own.items() if key not in skipped)

    shape = []
    for node in nodes:
        if isinstance(node, Tag):
            attrs = [(key, type(value).__name__, value) for key, value in node.attrs.items()]
            own = (node.name, attrs, len(node.contents))
        else:
            own = str(node)
        shape.append((type(node).__name__, repr(own), repr(fields(node))))
    return shape


@pytest.mark.parametrize("name, html", _pages(), ids=[name for name, _ in _pages()])
def test_the_lean_builder_makes_the_same_tree(name, html):
    assert _shape(parse_html(html)) == _shape(BeautifulSoup(html, "lxml"))


def test_the_lean_builder_is_in_use_with_this_bs4():
    """Else every node-by-node comparison above compares bs4's builder with itself: a bs4 release the lean
    builder no longer fits shows here first (crawls stay exact, on bs4's own, slower builder)."""
    from casco_watch.parsers import tree_builder

    assert tree_builder.lean_builder_works()
    assert tree_builder._LEAN


def test_a_bs4_whose_internals_changed_falls_back_to_its_own_builder(monkeypatch):
    from casco_watch.parsers import tree_builder

    def gone(self, tag):
        raise AttributeError("'BeautifulSoup' object has no attribute 'popTag'")

    monkeypatch.setattr(tree_builder.LeanLXMLTreeBuilder, "end", gone)
    assert not tree_builder.lean_builder_works()
    monkeypatch.setattr(tree_builder, "_LEAN", False)
    soup = tree_builder.parse_html(_SPECIAL)
    assert soup.builder.__class__ is not tree_builder.LeanLXMLTreeBuilder
    assert soup.find(id="x") is not None
