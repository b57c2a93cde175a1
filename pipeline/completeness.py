"""Judging a crawl: complete, partial or failed, with reasons a user can act on.

Scrapy says `finished` even when every request was refused, so the verdict is
built from evidence: pages lost, records rejected or in conflict, and whether
the records agree with what the pages themselves declare (the committee page's
member counters, one member page per member, one organization page per
organization in liaison).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from casco_watch.schemas import (
    COMPLETE,
    FAILED,
    PARTIAL,
    Committee,
    Liaison,
    MemberBody,
    Membership,
    Organization,
    PageFailure,
    PageVisit,
    Record,
    Reject,
)

REFUSED_ADVICE = (
    "try a slower rate (--delay 5), a different User-Agent (CASCO_USER_AGENT), "
    "or a mirror base URL (--base-url https://committee.iso.org)"
)


@dataclass
class CrawlEvidence:
    """All a crawl produced and what it set out to do, as the pipeline saw it."""

    page_kinds: frozenset[str]
    requested_committees: tuple[int, ...] = ()
    records: dict[type[Record], dict[tuple, Record]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    visits: list[PageVisit] = field(default_factory=list)
    failures: list[PageFailure] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    spider_exceptions: int = 0

    def of_type(self, model: type[Record]) -> list[Record]:
        return list(self.records.get(model, {}).values())

    def visited(self, page_kind: str) -> dict[int | None, str]:
        return {visit.subject_id: visit.url for visit in self.visits if visit.page_kind == page_kind}


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: list[str]


def _examples(ids, limit: int = 5) -> str:
    ids = sorted(ids)
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _refusal(evidence: CrawlEvidence) -> list[str]:
    refused = [failure for failure in evidence.failures if failure.http_status == 403]
    if not refused:
        return []
    return [
        f"the site refused the crawler: HTTP 403 on {len(refused)} page(s), e.g. {refused[0].url}; "
        + REFUSED_ADVICE
    ]


def _missing_committee_pages(evidence: CrawlEvidence) -> list[str]:
    if "committee" not in evidence.page_kinds:
        return []
    missing = set(evidence.requested_committees) - set(evidence.visited("committee"))
    return [f"the committee page of {_examples(missing)} was not read"] if missing else []


def _lost_pages(evidence: CrawlEvidence) -> list[str]:
    return [
        f"{failure.page_kind} page {failure.url} was not read: {failure.reason}"
        for failure in evidence.failures
        if failure.http_status != 403
    ]


def _participation_counts(evidence: CrawlEvidence) -> list[str]:
    """Each committee's P and O rows must equal the counters its own committee page declares."""
    if "participation" not in evidence.page_kinds:
        return []
    participation_pages = evidence.visited("participation")
    found = Counter((m.committee_id, m.status) for m in evidence.of_type(Membership))
    reasons = []
    for committee in evidence.of_type(Committee):
        if committee.committee_id not in participation_pages:
            reasons.append(f"the participation page of {committee.reference} ({committee.committee_id}) was not read")
            continue
        url = participation_pages[committee.committee_id]
        for status, label, declared in (
            ("P", "participating", committee.participating_members),
            ("O", "observing", committee.observing_members),
        ):
            count = found[(committee.committee_id, status)]
            if declared is None:
                reasons.append(f"the committee page of {committee.reference} declares no {label} member count to check")
            elif count != declared:
                reasons.append(
                    f"participation page {url}: found {count} {label} members, "
                    f"the committee page of {committee.reference} declares {declared}"
                )
    return reasons


def _pages_per_subject(evidence: CrawlEvidence) -> list[str]:
    """Every member and every organization in liaison needs its own page read, when the crawl reads them."""
    reasons = []
    if "member" in evidence.page_kinds:
        members = {m.member_id for m in evidence.of_type(Membership)}
        described = {body.member_id for body in evidence.of_type(MemberBody)}
        if missing := members - described:
            reasons.append(f"no member-body page was read for {len(missing)} member(s): ids {_examples(missing)}")
    if "organization" in evidence.page_kinds:
        partners = {l.partner_id for l in evidence.of_type(Liaison) if l.partner_kind == "organization"}
        described = {org.organization_id for org in evidence.of_type(Organization)}
        if missing := partners - described:
            reasons.append(f"no organization page was read for {len(missing)} organization(s): ids {_examples(missing)}")
    return reasons


def _rejected(evidence: CrawlEvidence) -> list[str]:
    by_type = Counter(reject.record_type for reject in evidence.rejects)
    return [
        f"{count} {record_type} record(s) failed validation (see the rejects table)"
        for record_type, count in sorted(by_type.items())
    ]


def judge(evidence: CrawlEvidence) -> Verdict:
    """The snapshot's status and every reason for it; `complete` only with no reason at all."""
    fatal = _refusal(evidence) + _missing_committee_pages(evidence)
    if not any(evidence.records.values()):
        fatal.append("no valid records were collected")
    doubts = (
        _lost_pages(evidence)
        + _participation_counts(evidence)
        + _pages_per_subject(evidence)
        + _rejected(evidence)
        + evidence.conflicts
    )
    if evidence.spider_exceptions:
        doubts.append(f"the spider failed on {evidence.spider_exceptions} page(s); see the crawl log")
    if fatal:
        return Verdict(FAILED, fatal + doubts)
    if doubts:
        return Verdict(PARTIAL, doubts)
    return Verdict(COMPLETE, [])
