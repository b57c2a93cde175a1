"""Spiders over iso.org's committee, participation, member-body, organization, catalogue and standard pages.

They only decide what to request: ids come from the records the parsers return
(a Membership names a member page to read, a Liaison an organization or
committee page, a catalogue's Deliverable its standard page), never from HTML.
Which pages a spider reads is its `page_kinds`; `casco` reads them all (the
catalogue and standard pages of the requested committees only, and not at all
with `deliverables=false`), the others one part each.
"""

from __future__ import annotations

from urllib.parse import urlparse

import scrapy

from casco_watch.parsers.catalogue_page import CATALOGUE_PATH, parse_catalogue_page
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.page import PageLayoutError
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.parsers.standard_page import parse_standard_page
from casco_watch.schemas import Deliverable, Liaison, LossCause, Membership, PageFailure, SourceKind
from casco_watch.schemas.crawl import MODELS_OF_PAGE
from casco_watch.spiders import CASCO_BASE_URL, CASCO_COMMITTEE_ID
from casco_watch.spiders.base import CascoSpider, archived, challenge_of, challenge_reason, parse_as_of, with_loss_reason
from casco_watch.spiders.responses import page_text

DELIVERABLE_PAGES = frozenset({"catalogue", "standard"})
"""The pages of a committee's work programme: its catalogue, and the standard page of each document it lists."""


def _flag(value: str | bool) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}


class IsoSiteSpider(CascoSpider):
    source_kind = SourceKind.SITE

    def __init__(
        self,
        base_url: str = CASCO_BASE_URL,
        committees: str = str(CASCO_COMMITTEE_ID),
        follow_liaisons: str | bool = False,
        as_of: str | None = None,
        deliverables: str | bool = True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not _flag(deliverables):
            self.page_kinds = self.page_kinds - DELIVERABLE_PAGES
        self.base_url = base_url.rstrip("/")
        host = urlparse(self.base_url).hostname
        if not host:
            raise ValueError(f"base_url must be an absolute URL like {CASCO_BASE_URL}, not {base_url!r}")
        self.allowed_domains = [host]
        self.committee_ids = tuple(sorted({int(c) for c in str(committees).replace(" ", "").split(",") if c}))
        if not self.committee_ids:
            raise ValueError("give at least one committee id, e.g. committees=54998")
        self.follow_liaisons = _flag(follow_liaisons)
        self.as_of = parse_as_of(as_of)
        self.source = self.base_url
        self.covers = sorted({model.table for kind in self.page_kinds for model in MODELS_OF_PAGE[kind]})
        self.scope = (
            f"site:committees={','.join(map(str, self.committee_ids))}"
            f":pages={','.join(sorted(self.page_kinds))}" + (":follow-liaisons" if self.follow_liaisons else "")
        )

    def _request(self, page_kind: str, subject_id: int, path: str, callback, **meta) -> scrapy.Request:
        return scrapy.Request(
            self.base_url + path,
            callback=callback,
            errback=self.page_lost,
            meta={"page_kind": page_kind, "subject_id": subject_id, **meta},
        )

    def committee_request(self, committee_id: int, depth: int = 0) -> scrapy.Request:
        return self._request(
            "committee", committee_id, f"/committee/{committee_id}.html", self.parse_committee, depth_of_liaison=depth
        )

    def participation_request(self, committee_id: int) -> scrapy.Request:
        return self._request(
            "participation", committee_id, f"/committee/{committee_id}.html?view=participation", self.parse_participation
        )

    def member_request(self, member_id: int) -> scrapy.Request:
        return self._request("member", member_id, f"/member/{member_id}.html", self.parse_member)

    def organization_request(self, organization_id: int) -> scrapy.Request:
        return self._request(
            "organization", organization_id, f"/organization/{organization_id}.html", self.parse_organization
        )

    def catalogue_request(self, committee_id: int) -> scrapy.Request:
        return self._request(
            "catalogue", committee_id, CATALOGUE_PATH.format(committee_id=committee_id), self.parse_catalogue
        )

    def standard_request(self, deliverable_id: int) -> scrapy.Request:
        return self._request("standard", deliverable_id, f"/standard/{deliverable_id}.html", self.parse_standard)

    async def start(self):
        for committee_id in self.committee_ids:
            if "committee" in self.page_kinds:
                yield self.committee_request(committee_id)
            else:
                yield self.participation_request(committee_id)

    def _read(self, response, parser):
        """The parsed page and the item to yield for it: its records as one batch, or a PageFailure.

        A challenge served with a success status (some walls answer 200, and a browser that gave up waiting
        keeps the interstitial) is the challenge, not a page in an unknown layout."""
        challenge = challenge_of(response)
        if challenge is not None:
            lost = PageFailure(
                url=response.url,
                page_kind=response.meta["page_kind"],
                subject_id=response.meta.get("subject_id"),
                cause=LossCause.CHALLENGE,
                reason=with_loss_reason(challenge_reason(challenge, response.status), response.meta),
                challenge=challenge.vendor,
            )
            return None, archived(lost, response)
        try:
            page = parser(page_text(response), response.url)
        except PageLayoutError as error:
            lost = PageFailure(
                url=response.url,
                page_kind=response.meta["page_kind"],
                subject_id=response.meta.get("subject_id"),
                cause=error.cause,
                reason=str(error),
            )
            return None, archived(lost, response)
        return page, archived(page.batch(), response)

    def parse_committee(self, response):
        page, item = self._read(response, parse_committee_page)
        yield item
        if page is None:
            return
        if "participation" in self.page_kinds:
            yield self.participation_request(page.subject_id)
        if "catalogue" in self.page_kinds and page.subject_id in self.committee_ids:
            yield self.catalogue_request(page.subject_id)
        for liaison in page.of_type(Liaison):
            if liaison.partner_kind == "organization" and "organization" in self.page_kinds:
                yield self.organization_request(liaison.partner_id)
            elif liaison.partner_kind == "committee" and self.follow_liaisons and response.meta["depth_of_liaison"] == 0:
                yield self.committee_request(liaison.partner_id, depth=1)

    def parse_participation(self, response):
        page, item = self._read(response, parse_participation_page)
        yield item
        if page is not None and "member" in self.page_kinds:
            for membership in page.of_type(Membership):
                yield self.member_request(membership.member_id)

    def parse_catalogue(self, response):
        page, item = self._read(response, parse_catalogue_page)
        yield item
        if page is not None and "standard" in self.page_kinds:
            for deliverable in page.of_type(Deliverable):
                yield self.standard_request(deliverable.deliverable_id)

    def parse_standard(self, response):
        yield self._read(response, parse_standard_page)[1]

    def parse_member(self, response):
        yield self._read(response, parse_member_page)[1]

    def parse_organization(self, response):
        yield self._read(response, parse_organization_page)[1]


class FullSnapshotSpider(IsoSiteSpider):
    """Everything a complete snapshot needs: committee pages, participation, every member body and organization,
    and the requested committees' work programmes (catalogue and standard pages)."""

    name = "casco"
    page_kinds = frozenset({"committee", "participation", "member", "organization", *DELIVERABLE_PAGES})


class CommitteeSpider(IsoSiteSpider):
    """Committee pages alone: the committee, its officers, subgroups and liaisons."""

    name = "committee"
    page_kinds = frozenset({"committee"})


class ParticipationSpider(IsoSiteSpider):
    """Participation views alone: P and O memberships and the secretariat."""

    name = "participation"
    page_kinds = frozenset({"participation"})


class MemberBodySpider(IsoSiteSpider):
    """Member-body pages of every member found in the participation views."""

    name = "member"
    page_kinds = frozenset({"participation", "member"})


class OrganizationSpider(IsoSiteSpider):
    """Organization pages of every organization in liaison with the committees."""

    name = "organization"
    page_kinds = frozenset({"committee", "organization"})
