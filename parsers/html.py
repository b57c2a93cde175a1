"""Reading iso.org's Jahia markup the way a reader does: by labels, headers and headings.

iso.org reshuffles positions between redesigns but keeps its visible labels
(`div.entry-label` + `&nbsp;:&nbsp;` + value), table headers (`td[data-title]`)
and section headings, so every parser finds things through these helpers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from bs4 import BeautifulSoup, NavigableString, Tag

from casco_watch.parsers.links import LinkKind, href_id, url_id
from casco_watch.parsers.page import PageLayoutError
from casco_watch.parsers.tree_builder import parse_html

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCK_TAGS = frozenset(
    ("address", "article", "br", "dd", "div", "dl", "dt", "li", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul")
    + HEADING_TAGS
)
"""Elements a browser starts a new line for."""
_LEADING_COLON = re.compile(r"^[\s\u00a0]*:[\s\u00a0]*")


def fold(text: str) -> str:
    """Words separated by single spaces: NBSP and layout whitespace folded away."""
    return " ".join(text.split())


def elements(scope: Tag) -> Iterator[Tag]:
    """Every element under `scope`, in document order.

    A plain walk: bs4's `find_all` and `select` put every element through filter objects, which over a
    whole page cost several times the walk.
    """
    return (node for node in scope.descendants if isinstance(node, Tag))


def element_with(scope: Tag, attribute: str, value: str) -> Tag | None:
    """The first element under `scope` whose `attribute` is `value`, as `scope.find(attrs={attribute: value})`
    finds it."""
    return next((node for node in elements(scope) if node.get(attribute) == value), None)


def element_by_id(scope: Tag, element_id: str) -> Tag | None:
    return element_with(scope, "id", element_id)


@dataclass(frozen=True)
class Step:
    """One step of a selector: `tag`, `tag.class` or `#id`; `child`: the previous step's element is its parent
    (`>`), not any ancestor."""

    name: str | None = None
    css_class: str | None = None
    element_id: str | None = None
    child: bool = False

    @classmethod
    def parse(cls, text: str, child: bool = False) -> Step:
        if text.startswith("#"):
            return cls(element_id=text[1:], child=child)
        name, _, css_class = text.partition(".")
        return cls(name, css_class or None, child=child)

    def matches(self, node: Tag) -> bool:
        return ((self.name is None or node.name == self.name)
                and (self.css_class is None or self.css_class in (node.get("class") or ()))
                and (self.element_id is None or node.get("id") == self.element_id))


@dataclass(frozen=True)
class Selector:
    """A CSS selector of `tag`, `tag.class` and `#id` steps joined by spaces or ` > `, matched as soupsieve matches
    it (ancestors anywhere above the element), by a plain walk.

    The parsers need no more of CSS than this, and soupsieve's first compile in a process costs about 0.2 s of
    CPU, more than reading the five pages of a small committee's crawl.
    """

    steps: tuple[Step, ...]

    @classmethod
    def parse(cls, text: str) -> Selector:
        steps, child = [], False
        for part in text.split():
            if part == ">":
                child = True
                continue
            steps.append(Step.parse(part, child))
            child = False
        return cls(tuple(steps))

    def matches(self, node: Tag) -> bool:
        return self._matches_up_to(len(self.steps) - 1, node)

    def _matches_up_to(self, index: int, node: Tag) -> bool:
        """Whether `node` matches step `index` and its ancestors the steps before it."""
        step = self.steps[index]
        if not step.matches(node):
            return False
        if index == 0:
            return True
        ancestor = node.parent
        if step.child:
            return ancestor is not None and self._matches_up_to(index - 1, ancestor)
        while ancestor is not None:
            if self._matches_up_to(index - 1, ancestor):
                return True
            ancestor = ancestor.parent
        return False

    def first(self, scope: Tag) -> Tag | None:
        """`scope.select_one(selector)`."""
        return next((node for node in elements(scope) if self.matches(node)), None)

    def all(self, scope: Tag) -> list[Tag]:
        """`scope.select(selector)`."""
        return [node for node in elements(scope) if self.matches(node)]


_HEADING_NAVS = (Selector.parse("#content section.section-navigation nav"),
                 Selector.parse("section.section-navigation nav"))


def _is_label(node: Tag) -> bool:
    """An element iso.org marks as a label (`div.entry-label`, `span.entry-label`)."""
    return "entry-label" in (node.get("class") or ())


def text_of(node: Tag | NavigableString | None) -> str:
    if node is None:
        return ""
    return fold(node.get_text(" ") if isinstance(node, Tag) else str(node))


def read_page(html: str) -> BeautifulSoup:
    """The parsed document, refused when it is not in English.

    The parsers know iso.org's English labels only; a translated page (`/ru/`, an
    ISOlutions mirror) would store its labels as data or lose them silently.
    """
    soup = parse_html(html)
    _require_english(soup)
    return soup


def _require_english(soup: BeautifulSoup) -> None:
    advice = "crawl the English site (URLs without a language prefix such as /ru/ or /fr/)"
    language = (soup.html.get("lang") or "") if soup.html else ""
    if language and language.split("-")[0].strip().lower() != "en":
        raise PageLayoutError(f"the page is not in English (html lang={language!r}): {advice}")
    for label in elements(soup):
        if label.name != "th" and not _is_label(label):
            continue
        text = text_of(label)
        if not text.isascii() and any(
            char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in text
        ):
            raise PageLayoutError(f"the page is not in English (label {text!r}): {advice}")


def subject_id(soup: BeautifulSoup, url: str, kind: LinkKind) -> int:
    """The page's own id: from its canonical link, else from the URL it was fetched from."""
    canonical = soup.find("link", rel="canonical")
    found = href_id(canonical.get("href") if canonical else None, kind) or url_id(url, kind)
    if found is None:
        raise PageLayoutError(f"no {kind} id in the canonical link or the URL {url!r}")
    return found


def main_content(soup: BeautifulSoup) -> Tag:
    """`main#content`, where the page's own content is (not the site's menus); the whole page if absent."""
    return element_by_id(soup, "content") or soup


def page_heading(soup: BeautifulSoup) -> Tag | None:
    """The `nav` heading of `section.section-navigation`, where iso.org names the page's subject."""
    return next(filter(None, (selector.first(soup) for selector in _HEADING_NAVS)), None)


def first_link_id(node: Tag | None, kind: LinkKind) -> tuple[int, Tag] | None:
    """The first link under `node` to a `kind` page, with its id."""
    for link in elements(node) if node else ():
        if link.name == "a" and link.get("href") is not None:
            found = href_id(link["href"], kind)
            if found is not None:
                return found, link
    return None


def text_lines(nodes: Iterable) -> list[str]:
    """The visible lines of `nodes`, broken where a browser breaks them: at `<br>` and block elements."""
    pieces: list[str] = []

    def walk(node) -> None:
        if isinstance(node, Tag):
            block = node.name in _BLOCK_TAGS
            pieces.append("\n" if block else "")
            for child in node.children:
                walk(child)
            pieces.append("\n" if block else "")
        elif type(node) is NavigableString:  # not comments, scripts or styles
            pieces.append(node.replace("\n", " "))

    for node in nodes:
        walk(node)
    return [line for line in map(fold, "".join(pieces).split("\n")) if line]


@dataclass(frozen=True)
class Entry:
    """One `.entry-label` and the value after it, up to the next label: `Secretariat : SCC`."""

    label: str
    value: list

    @property
    def text(self) -> str:
        return _LEADING_COLON.sub("", text_of_nodes(self.value))

    @property
    def lines(self) -> list[str]:
        """The value's visible lines, without the separator after the label."""
        lines = text_lines(self.value)
        if lines:
            lines[0] = _LEADING_COLON.sub("", lines[0])
        return [line for line in lines if line]

    @property
    def html(self) -> str:
        return _LEADING_COLON.sub("", "".join(str(node) for node in self.value))

    def _links(self) -> Iterator[Tag]:
        for node in self.value:
            if isinstance(node, Tag):
                if node.name == "a":
                    yield node
                yield from node.find_all("a")

    def link_id(self, kind: LinkKind) -> int | None:
        return next((found for link in self._links() if (found := href_id(link.get("href"), kind))), None)

    def link_href(self) -> str | None:
        return next((link["href"] for link in self._links() if link.get("href")), None)


def text_of_nodes(nodes: list) -> str:
    return fold(" ".join(text_of(node) for node in nodes))


def entries(scope: Tag | None) -> Iterator[Entry]:
    """Every label under `scope` with its value: the label's following siblings up to the next label.

    iso.org puts several labels in one list item (chair and vice-chair, TPM and EM);
    stopping at the next label keeps one officer's value from absorbing the next officer.
    """
    for label in [node for node in elements(scope) if _is_label(node)] if scope else ():
        value = []
        for node in label.next_siblings:
            if isinstance(node, Tag) and (_is_label(node) or any(map(_is_label, elements(node)))):
                break
            value.append(node)
        yield Entry(label=text_of(label).rstrip(":").strip(), value=value)


def labelled(scope: Tag | None) -> dict[str, Entry]:
    """The entries under `scope` by lower-cased label; the first of a repeated label wins."""
    found: dict[str, Entry] = {}
    for entry in entries(scope):
        found.setdefault(entry.label.lower(), entry)
    return found


def headings(scope: Tag, pattern: re.Pattern) -> Iterator[tuple[Tag, re.Match]]:
    """Headings whose visible text matches `pattern`, with the match."""
    for heading in (node for node in elements(scope) if node.name in HEADING_TAGS):
        match = pattern.match(text_of(heading))
        if match:
            yield heading, match


def table_after(heading: Tag) -> Tag | None:
    """The table that a heading introduces: the next table, unless another heading comes first."""
    following = heading.find_next(("table", *HEADING_TAGS))
    return following if following is not None and following.name == "table" else None


def block_after(heading: Tag) -> Tag | None:
    """The element that follows a heading, or follows the wrapper the heading sits alone in."""
    node = heading
    while node is not None and node.find_next_sibling() is None:
        node = node.parent
    return node.find_next_sibling() if node is not None else None


def table_headers(table: Tag) -> list[str]:
    return [text_of(th) for th in table.find_all("th")]


def table_rows(table: Tag | None) -> list[dict[str, Tag]]:
    """Each body row as {column title: cell}, titles from `data-title`, else from the header row."""
    if table is None:
        return []
    headers = table_headers(table)
    rows = []
    for row in table.find_all("tr"):
        cells = [cell for cell in elements(row) if cell.name == "td"]
        titled = {
            fold(cell.get("data-title") or (headers[index] if index < len(headers) else "")): cell
            for index, cell in enumerate(cells)
        }
        titled.pop("", None)
        if titled:
            rows.append(titled)
    return rows
