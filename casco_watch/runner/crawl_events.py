"""What a crawl's child process tells its parent, as typed events, and the one place they become bytes.

Each event is a frozen dataclass whose `kind` names it; `encode` turns one into a JSON line, `decode` turns
a line back into its dataclass (pydantic validates it, so a Snapshot arrives as a Snapshot). `Planned` and
`Stopping` are the parent's own: they never cross the pipe, but go to the same `on_event` listeners.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Literal

from casco_watch.runner.crawl_plan import CrawlPlan
from casco_watch.schemas import LossCause, PageFailure, Snapshot

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@dataclass(frozen=True)
class Started:
    """The crawl's spider is open: what it will read, and the pace its settings give it (for the plan)."""

    crawl: int
    spider: str
    source: str
    scope: str
    committees: tuple[int, ...]
    page_kinds: tuple[str, ...]
    follow_liaisons: bool
    delay: float
    autothrottle: bool
    max_duration: float
    kind: Literal["started"] = "started"


@dataclass(frozen=True)
class Progress:
    crawl: int
    fetched: int
    queued: int | None
    failed: int
    slowest_url: str | None = None
    slowest_seconds: float | None = None
    kind: Literal["progress"] = "progress"


@dataclass(frozen=True)
class Lost:
    """A page given up: the crawl's own record of it, with why."""

    crawl: int
    failure: PageFailure
    kind: Literal["lost"] = "lost"


@dataclass(frozen=True)
class Wait:
    """A retry waiting out its delay after `cause` (and `http_status`, when a status failed; the display words
    them: pipeline/loss_advice.py): `source` is "Retry-After" when the server asked for it."""

    crawl: int
    url: str
    seconds: float
    cause: LossCause
    http_status: int | None
    source: str
    retry: int
    retries: int
    kind: Literal["wait"] = "wait"


@dataclass(frozen=True)
class CrawlWarning:
    crawl: int
    message: str
    kind: Literal["warning"] = "warning"


@dataclass(frozen=True)
class Storing:
    """Nothing left to fetch: the pipeline judges and stores the snapshot (a SIGTERM now lets it finish)."""

    crawl: int
    kind: Literal["storing"] = "storing"


@dataclass(frozen=True)
class Stored:
    crawl: int
    snapshot: Snapshot
    kind: Literal["stored"] = "stored"


@dataclass(frozen=True)
class Spooled:
    """The finished snapshot waits in the spool: the database stayed in use."""

    crawl: int
    reason: str
    archive: str | None = None
    kind: Literal["spooled"] = "spooled"


@dataclass(frozen=True)
class Error:
    """An ERROR the child logged; the parent shows them if the crawl stores nothing."""

    message: str
    kind: Literal["error"] = "error"


@dataclass(frozen=True)
class Stopping:
    """The parent is stopping the child: `storing` if the finished crawl was being stored."""

    storing: bool
    signal: str | None
    kind: Literal["stopping"] = "stopping"


@dataclass(frozen=True)
class Planned:
    """What the crawl just started will do (`crawl_plan`), from what it reported and its request's database."""

    crawl: int
    plan: CrawlPlan
    kind: Literal["planned"] = "planned"


ChildEvent = Started | Progress | Lost | Wait | CrawlWarning | Storing | Stored | Spooled | Error
Event = ChildEvent | Planned | Stopping

@cache
def _child_event() -> TypeAdapter:
    """Built when first used (about 0.1 s with its import): a command that refuses its arguments never needs it."""
    from pydantic import Field, TypeAdapter

    return TypeAdapter(Annotated[ChildEvent, Field(discriminator="kind")])


def encode(event: ChildEvent) -> bytes:
    """One JSON line."""
    return _child_event().dump_json(event) + b"\n"


def decode(line: bytes) -> ChildEvent:
    return _child_event().validate_json(line)
