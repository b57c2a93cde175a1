"""Judging a crawl: complete, partial or failed, as a whole and part by part, with reasons a user can act on.

Scrapy says `finished` even when every request was refused, so the verdict is
built from evidence: pages lost, records rejected or in conflict, and whether
the records agree with what the pages themselves declare (the committee page's
member and standards counters, one member page per member, one organization
page per organization in liaison, one standard page per document a committee's
catalogue lists).

Each doubt names the parts it touches: a record table for one committee (an
unknown officer label touches only that committee's officers), or a table as a
whole. A part no doubt touches is complete and usable in history and diffs,
even when the snapshot as a whole is partial.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from casco_watch.pipeline.loss_advice import CHALLENGE_ADVICE, REFUSED_ADVICE
from casco_watch.schemas import (
    COMMITTEE_KEYED_TABLES,
    RECORD_TYPES,
    Committee,
    Deliverable,
    Liaison,
    LossCause,
    MemberBody,
    Membership,
    Organization,
    PageFailure,
    PageVisit,
    PartStatus,
    Record,
    Reject,
    SnapshotPart,
    SnapshotStatus,
)
from casco_watch.schemas.crawl import MODELS_OF_PAGE

Part = tuple[str, int | None]
"""(record table, committee id), or (record table, None) for the table as a whole."""

LISTED_BY = {"member": (MemberBody.table, Membership.table), "organization": (Organization.table, Liaison.table)}
"""Pages read one per subject: the table kept whole they fill, and the table whose rows list the subjects. A
crawl knows which member pages it needs only from the memberships it read, so a doubt about any memberships
part (a participation view refused, cut short or miscounted) leaves member_bodies incomplete too."""

WORK_PROGRAMME_PAGES = ("catalogue", "standard")
"""Pages read for the requested committees only (not for those reached through liaisons)."""
_WORK_PROGRAMME_TABLES = frozenset(model.table for kind in WORK_PROGRAMME_PAGES for model in MODELS_OF_PAGE[kind])


@dataclass
class CrawlEvidence:
    """All a crawl produced and what it set out to do, as the pipeline saw it."""

    page_kinds: frozenset[str]
    requested_committees: tuple[int, ...] = ()
    covers: tuple[str, ...] = ()
    records: dict[type[Record], dict[tuple, Record]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    visits: list[PageVisit] = field(default_factory=list)
    failures: list[PageFailure] = field(default_factory=list)
    conflicts: list[tuple[str, Part | None]] = field(default_factory=list)
    spider_exceptions: int = 0

    def of_type(self, model: type[Record]) -> list[Record]:
        return list(self.records.get(model, {}).values())

    def visited(self, page_kind: str) -> dict[int | None, str]:
        return {visit.subject_id: visit.url for visit in self.visits if visit.page_kind == page_kind}

    def committees(self) -> set[int]:
        """The committees the crawl set out to read: those asked for and those it reached (liaisons followed)."""
        reached = {event.subject_id for event in (*self.visits, *self.failures) if event.page_kind == "committee"}
        return (set(self.requested_committees) | reached) - {None}

    def expected_parts(self) -> list[Part]:
        """One part per covered table: per committee for a crawl of named committees, else the table whole."""
        per_committee = bool(self.requested_committees)
        committees = sorted(self.committees())
        requested = sorted(self.requested_committees)
        return [
            (table, committee)
            for table in sorted(self.covers)
            for committee in (
                (requested if table in _WORK_PROGRAMME_TABLES else committees)
                if per_committee and table in COMMITTEE_KEYED_TABLES
                else [None]
            )
        ]

    def deliverable_committee(self, deliverable_id: int | None) -> int | None:
        """The committee whose catalogue listed a document, None when no catalogue did."""
        listed = self.records.get(Deliverable, {}).get((deliverable_id,))
        return listed.committee_id if listed else None


@dataclass(frozen=True)
class Doubt:
    """One reason the crawl is not complete, and the parts it makes partial (None: every part)."""

    reason: str
    parts: frozenset[Part] | None = None


@dataclass(frozen=True)
class Verdict:
    status: SnapshotStatus
    reasons: list[str]
    parts: list[SnapshotPart] = field(default_factory=list)


def _examples(ids, limit: int = 5) -> str:
    ids = sorted(ids)
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _parts_of(tables, committee: int | None) -> frozenset[Part]:
    """The parts of `tables` that concern `committee` (every committee's part of a table when it is None)."""
    return frozenset((table, committee if table in COMMITTEE_KEYED_TABLES else None) for table in tables)


def _page_parts(evidence: CrawlEvidence, page_kind: str, subject: int | None) -> frozenset[Part]:
    """The parts a page about `subject` (a committee, or for a standard page a document) would have filled."""
    tables = {model.table for model in MODELS_OF_PAGE[page_kind]}
    if page_kind == "committee":  # the participation view and catalogue are requested once the committee page is read
        if "participation" in evidence.page_kinds:
            tables.add(Membership.table)
        if "catalogue" in evidence.page_kinds and subject in evidence.requested_committees:
            tables.add(Deliverable.table)
    committee = evidence.deliverable_committee(subject) if page_kind == "standard" else subject
    return _parts_of(tables, committee)


def _fatal(evidence: CrawlEvidence) -> list[str]:
    """What makes the whole crawl worthless: a requested committee page unread, or nothing valid at all."""
    reasons = []
    if "committee" in evidence.page_kinds:
        missing = set(evidence.requested_committees) - set(evidence.visited("committee"))
        if missing:
            reasons.append(f"the committee page of {_examples(missing)} was not read")
    if not any(evidence.records.values()):
        reasons.append("no valid records were collected")
    return reasons


def _refused_parts(evidence: CrawlEvidence, refused: list[PageFailure]) -> frozenset[Part]:
    return frozenset().union(*(_page_parts(evidence, f.page_kind, f.subject_id) for f in refused))


def _challenges(evidence: CrawlEvidence) -> list[Doubt]:
    """Pages a bot wall answered with a JavaScript challenge: one reason per vendor, with the advice that can work."""
    by_vendor: dict[str, list[PageFailure]] = {}
    for failure in evidence.failures:
        if failure.cause == LossCause.CHALLENGE:
            by_vendor.setdefault(failure.challenge, []).append(failure)
    return [
        Doubt(f"the crawl met a JavaScript challenge ({vendor}) on {len(met)} page(s), e.g. {met[0].url}; "
              + CHALLENGE_ADVICE, _refused_parts(evidence, met))
        for vendor, met in by_vendor.items()
    ]


def _refusals(evidence: CrawlEvidence) -> list[Doubt]:
    refused = [failure for failure in evidence.failures if failure.cause == LossCause.REFUSED]
    if not refused:
        return []
    reason = f"the site refused the crawler: HTTP 403 on {len(refused)} page(s), e.g. {refused[0].url}; " + REFUSED_ADVICE
    return [Doubt(reason, _refused_parts(evidence, refused))]


def _lost_pages(evidence: CrawlEvidence) -> list[Doubt]:
    """One reason per page kind and cause: 144 member pages lost to one HTTP 503 are one line, not 144."""
    by_cause: dict[tuple[str, str], list[PageFailure]] = {}
    for failure in evidence.failures:
        if failure.cause not in (LossCause.REFUSED, LossCause.CHALLENGE):
            by_cause.setdefault((failure.page_kind, failure.reason), []).append(failure)
    doubts = []
    for (page_kind, reason), lost in by_cause.items():
        parts = frozenset().union(*(_page_parts(evidence, page_kind, failure.subject_id) for failure in lost))
        if len(lost) == 1:
            doubts.append(Doubt(f"{page_kind} page {lost[0].url} was not read: {reason}", parts))
        else:
            urls = ", ".join(failure.url for failure in lost[:2]) + (f" and {len(lost) - 2} more" if len(lost) > 2 else "")
            doubts.append(Doubt(f"{len(lost)} {page_kind} pages were not read: {reason} ({urls})", parts))
    return doubts


def _participation_counts(evidence: CrawlEvidence) -> list[Doubt]:
    """Each committee's P and O rows must equal the counters its own committee page declares."""
    if "participation" not in evidence.page_kinds:
        return []
    participation_pages = evidence.visited("participation")
    found = Counter((m.committee_id, m.status) for m in evidence.of_type(Membership))
    doubts = []
    for committee in evidence.of_type(Committee):
        seats = _parts_of([Membership.table], committee.committee_id)
        if committee.committee_id not in participation_pages:
            doubts.append(Doubt(
                f"the participation page of {committee.reference} ({committee.committee_id}) was not read", seats
            ))
            continue
        url = participation_pages[committee.committee_id]
        for status, label, declared in (
            ("P", "participating", committee.participating_members),
            ("O", "observing", committee.observing_members),
        ):
            count = found[(committee.committee_id, status)]
            if declared is None:
                doubts.append(Doubt(
                    f"the committee page of {committee.reference} declares no {label} member count to check", seats
                ))
            elif count != declared:
                doubts.append(Doubt(
                    f"participation page {url}: found {count} {label} members, "
                    f"the committee page of {committee.reference} declares {declared}",
                    seats,
                ))
    return doubts


def _work_programme(evidence: CrawlEvidence) -> list[Doubt]:
    """Each requested committee's catalogue must be read, with a standard page per document it lists, and its rows
    must agree with the committee page's counters.

    The counters ("* number includes updates") count every document: an amendment or a corrigendum is its own row
    in the catalogue, so it counts as one, as a new edition does. Withdrawn and deleted rows are in no counter.
    """
    if "catalogue" not in evidence.page_kinds:
        return []
    catalogues = evidence.visited("catalogue")
    read_standards = set(evidence.visited("standard"))
    committees = {c.committee_id: c for c in evidence.of_type(Committee)}
    doubts = []
    for committee_id in evidence.requested_committees:
        committee = committees.get(committee_id)
        part = _parts_of([Deliverable.table], committee_id)
        if committee is None:
            continue  # its committee page was lost: that doubt already names this part
        if committee_id not in catalogues:
            doubts.append(Doubt(f"the catalogue of {committee.reference} ({committee_id}) was not read", part))
            continue
        listed = [d for d in evidence.of_type(Deliverable) if d.committee_id == committee_id]
        if "standard" in evidence.page_kinds:
            unread = {d.deliverable_id for d in listed} - read_standards
            if unread:
                doubts.append(Doubt(
                    f"no standard page was read for {len(unread)} document(s) in the catalogue of "
                    f"{committee.reference}: ids {_examples(unread)}",
                    part,
                ))
        found = Counter(d.status for d in listed)
        for status, label, declared in (
            ("published", "published standards", committee.published_standards),
            ("under_development", "standards under development", committee.standards_under_development),
        ):
            if declared is None:
                doubts.append(Doubt(f"the committee page of {committee.reference} declares no count of {label} to check", part))
            elif found[status] != declared:
                doubts.append(Doubt(
                    f"catalogue {catalogues[committee_id]}: found {found[status]} {label}, "
                    f"the committee page of {committee.reference} declares {declared}",
                    part,
                ))
    return doubts


def _pages_per_subject(evidence: CrawlEvidence) -> list[Doubt]:
    """Every member and every organization in liaison needs its own page read, when the crawl reads them."""
    doubts = []
    if "member" in evidence.page_kinds:
        members = {m.member_id for m in evidence.of_type(Membership)}
        described = {body.member_id for body in evidence.of_type(MemberBody)}
        if missing := members - described:
            doubts.append(Doubt(
                f"no member-body page was read for {len(missing)} member(s): ids {_examples(missing)}",
                _parts_of([MemberBody.table], None),
            ))
    if "organization" in evidence.page_kinds:
        partners = {l.partner_id for l in evidence.of_type(Liaison) if l.partner_kind == "organization"}
        described = {org.organization_id for org in evidence.of_type(Organization)}
        if missing := partners - described:
            doubts.append(Doubt(
                f"no organization page was read for {len(missing)} organization(s): ids {_examples(missing)}",
                _parts_of([Organization.table], None),
            ))
    return doubts


def _reject_part(reject: Reject) -> Part | None:
    """The part a rejected record belonged to; None when it cannot be told (every part of its table)."""
    model = RECORD_TYPES.get(reject.record_type)
    if model is None:
        return None
    committee = reject.payload.get("committee_id")
    if model.table in COMMITTEE_KEYED_TABLES:
        return (model.table, committee) if isinstance(committee, int) and not isinstance(committee, bool) else None
    return (model.table, None)


def _rejected(evidence: CrawlEvidence) -> list[Doubt]:
    by_type = Counter(reject.record_type for reject in evidence.rejects)
    doubts = []
    for record_type, count in sorted(by_type.items()):
        rejects = [reject for reject in evidence.rejects if reject.record_type == record_type]
        parts = {_reject_part(reject) for reject in rejects}
        model = RECORD_TYPES.get(record_type)
        if None in parts:
            touched = frozenset(p for p in evidence.expected_parts() if model is None or p[0] == model.table)
        else:
            touched = frozenset(parts)
        errors = list(dict.fromkeys(error for reject in rejects for error in reject.errors))
        shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        doubts.append(Doubt(f"{count} {record_type} record(s) failed validation ({shown}; see the rejects table)", touched))
    return doubts


def _conflicts(evidence: CrawlEvidence) -> list[Doubt]:
    """One doubt per conflict, over every part it touches (a conflict may span several tables)."""
    parts: dict[str, set[Part] | None] = {}
    for reason, part in evidence.conflicts:
        touched = parts.setdefault(reason, set())
        if part is None or touched is None:
            parts[reason] = None
        else:
            touched.add(part)
    return [Doubt(reason, None if touched is None else frozenset(touched)) for reason, touched in parts.items()]


def _touches(doubt: Doubt, part: Part, listings: dict[str, str]) -> bool:
    """Whether `doubt` leaves `part` incomplete; `listings` maps a table kept whole to the table listing its pages."""
    if doubt.parts is None:
        return True
    table, committee = part
    needed = {table, listings.get(table)}
    return part in doubt.parts or (committee is None and any(t in needed for t, _ in doubt.parts))


def judge(evidence: CrawlEvidence) -> Verdict:
    """The snapshot's status, every reason for it, and the status of each part; `complete` only with no reason."""
    fatal = _fatal(evidence)
    refusals = _challenges(evidence) + _refusals(evidence)
    doubts = (
        refusals
        + _lost_pages(evidence)
        + _participation_counts(evidence)
        + _work_programme(evidence)
        + _pages_per_subject(evidence)
        + _rejected(evidence)
        + _conflicts(evidence)
    )
    if evidence.spider_exceptions:
        doubts.append(Doubt(f"the spider failed on {evidence.spider_exceptions} page(s); see the crawl log"))
    reasons = [doubt.reason for doubt in doubts]
    if fatal:
        return Verdict(SnapshotStatus.FAILED, reasons[: len(refusals)] + fatal + reasons[len(refusals) :])
    listings = dict(listed for kind, listed in LISTED_BY.items() if kind in evidence.page_kinds)
    parts = []
    for part in evidence.expected_parts():
        part_reasons = [doubt.reason for doubt in doubts if _touches(doubt, part, listings)]
        parts.append(SnapshotPart(
            record_table=part[0], committee_id=part[1], status=PartStatus.PARTIAL if part_reasons else PartStatus.COMPLETE,
            reasons=part_reasons,
        ))
    return Verdict(SnapshotStatus.PARTIAL if reasons else SnapshotStatus.COMPLETE, reasons, parts)
