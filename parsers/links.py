"""ISO ids from links, the only place a parser takes an id from.

iso.org links to the same page in many spellings: relative or absolute, with a
language prefix (`/fr/`, `/ru/`, `/es/`), on mirror hosts (`iso.ch`,
`committee.iso.org`, `<member>.isolutions.iso.org`) and in the Jahia CMS long
form (`/cms/render/live/en/sites/isoorg/contents/data/committee/05/49/54998.html`).
All of them name a page (a committee, member body, organization or standard) by kind and numeric id, which is all a parser needs.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

LinkKind = Literal["committee", "member", "organization", "standard"]

_ISO_HOST = re.compile(r"^(?:(?:www\.)?iso\.(?:org|ch)|committee\.iso\.org|[a-z0-9-]+\.isolutions\.iso\.org)$")
_PAGE_PATH = re.compile(
    r"^(?:/(?P<language>[a-z]{2})(?=/))?"
    r"(?:/cms/(?:render|live)/live/(?P<cms_language>[a-z]{2}))?"
    r"(?:/sites/isoorg)?"
    r"(?:/contents/data/(?P<cms_kind>committee|member|organization|standard)/\d{2}/\d{2}"
    r"|/(?P<kind>committee|member|organization|standard))"
    r"/(?P<id>[1-9]\d*)(?:\.html|/)"
)


def _path_target(path: str) -> tuple[str, int] | None:
    match = _PAGE_PATH.match(path)
    if match is None:
        return None
    return match["cms_kind"] or match["kind"], int(match["id"])


def href_id(href: str | None, kind: LinkKind) -> int | None:
    """The id of the `kind` page an href points to on iso.org or a mirror, or None for any other link."""
    if not href:
        return None
    parts = urlsplit(href.strip())
    if parts.netloc and not _ISO_HOST.match((parts.hostname or "").lower()):
        return None
    target = _path_target(parts.path)
    return target[1] if target and target[0] == kind else None


def url_id(url: str, kind: LinkKind) -> int | None:
    """The id of the `kind` page a fetched URL names, whatever host served it (a mirror, the fixture site)."""
    target = _path_target(urlsplit(url).path)
    return target[1] if target and target[0] == kind else None


_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """One spelling for every form in which a person browsing reaches the same page, to match captures by.

    The scheme, a `www.` and a default port are dropped; an English iso.org page in any of its forms (the
    `/en/` prefix, the CMS long form, a trailing slash) becomes `/committee/54998.html`; other paths lose
    a trailing slash and an `/en/` prefix (a catalogue, a standard page); query parameters are sorted; a fragment is dropped. Pages in another language stay
    distinct: their labels are not the ones the parsers read.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host += f":{parts.port}"
    path = parts.path or "/"
    match = _PAGE_PATH.match(path)
    if match and path[match.end():] in ("", "/") and {match["language"], match["cms_language"]} <= {None, "en"}:
        path = f"/{match['cms_kind'] or match['kind']}/{match['id']}.html"
    elif len(path) > 1:
        path = path.rstrip("/")
        path = path[len("/en"):] if path == "/en" or path.startswith("/en/") else path
        path = path or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{path}" + (f"?{query}" if query else "")
