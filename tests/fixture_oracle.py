"""The tests' answers about the fixture site, kept out of the wheel (which ships the site, not its answers).

`expected_records` says, from the site's data alone (never by parsing HTML), which records a complete crawl
must produce. `FaultySite` is the fixture site with faults planted on chosen paths, to test how crawls fail.

What a complete crawl visits, for committees C (and, with `follow_liaisons`,
every committee named in C's "Liaison Committees to/from" lists, one level deep,
not further):
- `/committee/<id>.html` of each crawled committee: Committee (with its four
  counters), Officer, Subgroup and Liaison records (committee liaisons in both
  directions, organization liaisons with their category);
- `/committee/<id>.html?view=participation` of each crawled committee: one
  Membership per P or O member (is_secretariat for the secretariat's row);
- `/member/<id>.html` of every member body in those participation views: one MemberBody;
- `/organization/<id>.html` of every organization in liaison with a crawled
  committee: one Organization;
- for the requested committees only (not those reached through liaisons), the
  catalogue `/committee/<id>/x/catalogue/p/1/u/1/w/1/d/1` and `/standard/<id>.html`
  of every document it lists: one Deliverable each.
Subgroup links and secretariat links are not followed. Every committee named in
any liaison list has pages, so a one-level follow from any site committee is complete.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterable

from casco_watch.fixture_site.render import committee_page, participation_page
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureHandler, FixtureSite
from casco_watch.fixture_site.site_data import CASCO_ID, CommitteeData, MemberBodyData, SiteState, site
from casco_watch.schemas import (
    Committee,
    Deliverable,
    Liaison,
    MemberBody,
    Membership,
    Officer,
    Organization,
    Record,
    Subgroup,
)


SMALL_COMMITTEE = 10138914
"""IEC/ISO JTC 3: one member, no documents, no organization in liaison. A crawl of it (`--committee`) reads five
pages, for tests whose point is the runner, not what CASCO's two hundred pages say."""


class _FaultyHandler(FixtureHandler):
    def serve_page(self) -> None:
        site = self.server.site
        if self.path in site.resets:
            self._reset()
            return
        if site.hangs and self.path.startswith(tuple(site.hangs)):
            site.hang_reached.set()
            site.closing.wait(site.hang_seconds)
            return
        if self.path in site.redirects:
            self.answer(302, b"", extra={"Location": site.redirects[self.path]})
            return
        status = site.status_overrides.get(self.path, site.status_overrides.get("*"))
        if status is not None and (site.override_times is None or site.requests.count(self.path) <= site.override_times):
            self.answer(status, b"", extra={"Retry-After": str(site.retry_after)} if site.retry_after is not None else {})
            return
        if self.path in site.page_overrides:
            self.answer(200, site.page_overrides[self.path])
            return
        super().serve_page()

    def _reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0) instead of an answer: what a dropping proxy does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class FaultySite(FixtureSite):
    """The fixture site answering chosen paths with an error status (403 refusals, 500s, 429 with Retry-After, for
    ever or the first few times), with another page (a participation table shorter than its counter), with a
    redirect, or failing them at the transport level (a connection reset, a hang)."""

    handler = _FaultyHandler

    def __init__(
        self,
        state: str = FIXTURE_STATES[0],
        *,
        status_overrides: dict[str, int] | None = None,
        retry_after: int | None = None,
        page_overrides: dict[str, bytes] | None = None,
        override_times: int | None = None,
        redirects: dict[str, str] | None = None,
        resets: set[str] | frozenset[str] = frozenset(),
        hangs: set[str] | frozenset[str] = frozenset(),
        hang_seconds: float = 60.0,
        **site_options,
    ):
        """`override_times`: answer each status-overridden path with its status that many times, then normally
        (None: always). `redirects` answers a path with a 302 to a location; `resets` with a TCP reset;
        the paths starting with one of `hangs` with nothing until `hang_seconds` pass or the site closes
        (`hang_reached` is set when the first such request arrives, so a test can act mid-crawl)."""
        super().__init__(state, **site_options)
        self.status_overrides = dict(status_overrides or {})
        self.retry_after = retry_after
        self.page_overrides = dict(page_overrides or {})
        self.override_times = override_times
        self.redirects = dict(redirects or {})
        self.resets = set(resets)
        self.hangs = set(hangs)
        self.hang_seconds = hang_seconds
        self.closing = threading.Event()
        self.hang_reached = threading.Event()

    def __enter__(self) -> FaultySite:
        self.closing.clear()
        return super().__enter__()

    def __exit__(self, *exc_info) -> None:
        self.closing.set()
        super().__exit__(*exc_info)


def seating_pages(data: SiteState, committee: CommitteeData) -> dict[str, bytes]:
    """`FaultySite` page overrides serving `committee` (a changed copy of one of `data`'s) with its own seats and
    counters: its committee page and participation view as `data` renders them."""
    path = f"/committee/{committee.committee_id}.html"
    return {path: committee_page(data, committee).encode(),
            f"{path}?view=participation": participation_page(data, committee).encode()}


def crawled_committees(state: str | SiteState, committee_ids: Iterable[int], follow_liaisons: bool) -> list[int]:
    """The committees a crawl reads: those asked for and, when following liaisons, their liaison committees."""
    data = _site_of(state)
    crawled = set(committee_ids)
    if follow_liaisons:
        crawled |= {partner for committee_id in committee_ids for partner in data.liaison_committees(committee_id)}
    return sorted(crawled)


def _committee_records(data: SiteState, committee: CommitteeData) -> list[Record]:
    cid = committee.committee_id
    records: list[Record] = [
        Committee(
            committee_id=cid,
            reference=committee.reference,
            title=committee.title,
            status=committee.status,
            parent_id=committee.parent_id,
            secretariat_member_id=committee.secretariat_id,
            creation_year=committee.created,
            scope="\n\n".join(committee.scope),
            published_standards=committee.published_standards,
            standards_under_development=committee.standards_under_development,
            participating_members=len(committee.p_members),
            observing_members=len(committee.o_members),
        )
    ]
    records += [Officer(committee_id=cid, role=o.role, name=o.name, term=o.term) for o in committee.officers]
    records += [
        Subgroup(committee_id=cid, reference=s.reference, title=s.title, type=s.type, subgroup_id=s.subgroup_id)
        for s in committee.subgroups
    ]
    records += [
        Liaison(
            committee_id=cid,
            partner_kind="committee",
            partner_id=partner,
            partner_label=data.committees[partner].reference,
            direction=direction,
        )
        for direction, partners in (("to", data.liaisons_to(cid)), ("from", data.liaisons_from(cid)))
        for partner in partners
    ]
    records += [
        Liaison(
            committee_id=cid,
            partner_kind="organization",
            partner_id=org,
            partner_label=data.organizations[org].acronym,
            category=category,
        )
        for org, category in committee.organization_liaisons
    ]
    records += [
        Membership(committee_id=cid, member_id=m, status=status, is_secretariat=m == committee.secretariat_id)
        for status, members in (("P", committee.p_members), ("O", committee.o_members))
        for m in members
    ]
    return records


def deliverable_records(data: SiteState, committee_id: int) -> list[Deliverable]:
    """What a committee's catalogue and standard pages state together, document by document."""
    return [
        Deliverable(
            deliverable_id=d.deliverable_id,
            committee_id=committee_id,
            reference=d.reference,
            title=d.title,
            status=d.status,
            stage=d.stage,
            edition=d.edition,
            pages=d.pages,
            publication_date=f"{d.published}-01" if d.published else None,
            replaces=d.replaces,
            replaced_by=data.replaced_by(d.deliverable_id),
        )
        for d in data.work_programme(committee_id)
    ]


def member_body_record(body: MemberBodyData) -> MemberBody:
    return MemberBody(
        member_id=body.member_id,
        acronym=body.acronym,
        name=body.name,
        country=body.country,
        membership_type=body.membership_type,
        address="\n".join(body.address) or None,
        website=body.website,
    )


def _site_of(state: str | SiteState) -> SiteState:
    """A state's site, or a site a test changed and serves through `FaultySite`'s page overrides."""
    return site(state) if isinstance(state, str) else state


def expected_records(
    state: str | SiteState, committee_ids: Iterable[int] = (CASCO_ID,), follow_liaisons: bool = False,
    deliverables: bool = True,
) -> dict[str, list[dict]]:
    """Every record a complete crawl of `committee_ids` must produce, by model name, each as `model_dump()`.

    `deliverables`: the crawl read the requested committees' catalogues and standard pages (the default)."""
    data = _site_of(state)
    crawled = crawled_committees(state, committee_ids, follow_liaisons)
    records = [record for cid in crawled for record in _committee_records(data, data.committees[cid])]
    records += [member_body_record(data.member_bodies[m]) for m in data.members_of(crawled)]
    records += [Organization(**vars(data.organizations[org])) for org in data.organizations_of(crawled)]
    if deliverables:
        records += [record for cid in sorted(set(committee_ids)) for record in deliverable_records(data, cid)]
    grouped: dict[str, list[dict]] = {
        name: [] for name in ("Committee", "Officer", "Subgroup", "MemberBody", "Membership", "Liaison", "Organization")
    }
    if deliverables:
        grouped["Deliverable"] = []
    for record in records:
        grouped[type(record).__name__].append(record.model_dump())
    return grouped
