"""BeautifulSoup's lxml tree builder without the work an HTML page never needs: the same tree for less CPU.

Building the tree is most of what parsing a page costs, and bs4's `LXMLTreeBuilder` spends it in Python, per
element: namespace bookkeeping shared with its XML builder (lxml's HTML parser reports no namespaces), two
attribute dicts per tag, and a general-purpose close of each text run. This builder hands every tag to the
same `BeautifulSoup.handle_starttag` with the one attribute dict, and closes a text run the way
`BeautifulSoup.endData` does for a whole document. tests/parsers/test_tree_builder.py checks, node by node,
that the tree is the one bs4's own builder makes.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.builder._lxml import LXMLTreeBuilder


class LeanLXMLTreeBuilder(LXMLTreeBuilder):
    """For whole HTML documents: no `parse_only` strainer, whose checks it leaves out."""

    def start(self, tag: str, attrib, nsmap=None) -> None:
        soup = self.soup
        if soup.current_data:
            self._end_text()
        # lxml's values are all strings, which an attribute dict stores as they are
        attrs = self.attribute_dict_class(attrib)
        soup.handle_starttag(tag, None, None, attrs, namespaces=self.active_namespace_prefixes[-1])

    def end(self, tag: str) -> None:
        """lxml closes elements in order, so the open element is almost always the one that ends."""
        soup = self.soup
        if soup.current_data:
            self._end_text()
        if soup.currentTag.name == tag and soup.currentTag.prefix is None:
            soup.popTag()
        else:
            soup.handle_endtag(tag)

    def data(self, data: str) -> None:
        self.soup.current_data.append(data)

    def _end_text(self) -> None:
        """The text run so far as one string in the tree; whitespace alone shrinks to one space or newline.

        Strings arrive in document order, after everything before them, so the links bs4 repairs when a
        string is inserted among later nodes need no repair here.
        """
        soup = self.soup
        text = "".join(soup.current_data)
        soup.current_data = []
        if not soup.preserve_whitespace_tag_stack and not text.strip(soup.ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        string = soup.string_container()(text)
        string.setup(soup.currentTag, soup._most_recent_element)
        soup._most_recent_element = string
        soup.currentTag.contents.append(string)


_PROBE = (
    '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><div class="a b" id="x">one '
    '<b>two</b>\n  <br/>three</div>  <pre> four\n</pre><table><tr><td data-title="T">5</td></tr></table></body></html>'
)


def lean_builder_works() -> bool:
    """Whether this bs4 gives the lean builder what it leans on (it uses bs4 internals, e.g. `popTag`, that a
    release may change) and it still builds what bs4's own builder builds, for a page with text, tags and a table."""
    try:
        return str(BeautifulSoup(_PROBE, builder=LeanLXMLTreeBuilder())) == str(BeautifulSoup(_PROBE, "lxml"))
    except Exception:
        return False


_LEAN = lean_builder_works()
"""Checked once per process: with a bs4 the lean builder does not fit, pages are parsed by bs4's own builder."""


def parse_html(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, builder=LeanLXMLTreeBuilder()) if _LEAN else BeautifulSoup(html, "lxml")
