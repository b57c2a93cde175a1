"""Pages the parsers must never see: cut off before their end, or not in the encoding they declare.

Both parse without error into fewer or garbled records (a committee page cut
before its liaison lists says the liaisons ended; Latin-1 read as UTF-8 stores
"Alg\ufffdrien"), so they are refused as unreadable pages, with the reason.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from casco_watch.parsers.page import PageLayoutError
from casco_watch.schemas import LossCause

_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)


class UnreadablePage(PageLayoutError):
    """The page arrived, but not whole or not as it declares itself; the message says which."""

    cause = LossCause.UNREADABLE


def page_text(response: TextResponse) -> str:
    """The page's text, once it is known to be whole and valid in its declared encoding."""
    body = response.body
    if not _HTML_END.search(body):
        raise UnreadablePage(
            f"the page was cut off: {len(body):,} bytes arrived without the closing </html>; crawl again later"
        )
    try:
        body.decode(response.encoding)
    except UnicodeDecodeError as error:
        raise UnreadablePage(
            f"the page is not valid {response.encoding}, the encoding it declares (byte {body[error.start]:#04x} "
            f"at offset {error.start:,}); its text would be garbled, so it was not read"
        ) from None
    return response.text
