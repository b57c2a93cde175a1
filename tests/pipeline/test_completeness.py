"""How a crawl is judged complete, partial or failed, from the evidence alone."""

from casco_watch.pipeline.completeness import CHALLENGE_ADVICE, CrawlEvidence, judge
from casco_watch.schemas import (
    Committee,
    Liaison,
    LossCause,
    MemberBody,
    Membership,
    Organization,
    PageFailure,
    PageVisit,
    Reject,
)
from casco_watch.schemas.crawl import MODELS_OF_PAGE

ALL_PAGES = frozenset({"committee", "participation", "member", "organization"})
URL = "http://127.0.0.1:8000"


def evidence(*records, visits=(), failures=(), rejects=(), page_kinds=ALL_PAGES, requested=(54998,)):
    covers = tuple(sorted({model.table for kind in page_kinds for model in MODELS_OF_PAGE[kind]}))
    found = CrawlEvidence(page_kinds=page_kinds, requested_committees=requested, covers=covers,
                          visits=list(visits), failures=list(failures), rejects=list(rejects))
    for record in records:
        found.records.setdefault(type(record), {})[record.natural_key()] = record
    return found


CASCO = Committee(committee_id=54998, reference="ISO/CASCO", title="Conformity assessment",
                  participating_members=1, observing_members=1)
P_SCC = Membership(committee_id=54998, member_id=1619, status="P")
O_BSI = Membership(committee_id=54998, member_id=2064, status="O")
SCC = MemberBody(member_id=1619, acronym="SCC")
BSI = MemberBody(member_id=2064, acronym="BSI")
IAF = Liaison(committee_id=54998, partner_kind="organization", partner_id=10147, category="A", direction="to")
IAF_PAGE = Organization(organization_id=10147, acronym="IAF")
VISITS = (PageVisit(url=f"{URL}/committee/54998.html", page_kind="committee", subject_id=54998),
          PageVisit(url=f"{URL}/committee/54998.html?view=participation", page_kind="participation", subject_id=54998))
EVERYTHING = (CASCO, P_SCC, O_BSI, SCC, BSI, IAF, IAF_PAGE)


def test_everything_read_and_agreeing_is_complete():
    assert judge(evidence(*EVERYTHING, visits=VISITS)).status == "complete"


def test_a_participation_table_shorter_than_its_counter_is_partial_and_says_which_page():
    verdict = judge(evidence(CASCO, P_SCC, SCC, IAF, IAF_PAGE, visits=VISITS))
    assert verdict.status == "partial"
    assert verdict.reasons == [
        f"participation page {URL}/committee/54998.html?view=participation: found 0 observing members, "
        "the committee page of ISO/CASCO declares 1"
    ]


def test_a_missing_participation_page_is_partial():
    verdict = judge(evidence(*EVERYTHING, visits=VISITS[:1]))
    assert verdict.reasons == ["the participation page of ISO/CASCO (54998) was not read"]


def test_a_member_or_organization_without_its_page_is_partial():
    verdict = judge(evidence(CASCO, P_SCC, O_BSI, SCC, IAF, visits=VISITS))
    assert verdict.status == "partial"
    assert verdict.reasons == ["no member-body page was read for 1 member(s): ids 2064",
                               "no organization page was read for 1 organization(s): ids 10147"]


def test_an_unread_requested_committee_page_fails_the_crawl():
    lost = PageFailure(url=f"{URL}/committee/54998.html", page_kind="committee", cause=LossCause.NOT_FOUND,
                       reason="HTTP 404", http_status=404)
    verdict = judge(evidence(failures=[lost]))
    assert verdict.status == "failed"
    assert verdict.reasons == ["the committee page of 54998 was not read", "no valid records were collected",
                               f"committee page {URL}/committee/54998.html was not read: HTTP 404"]


def part_statuses(verdict):
    return {(part.record_table, part.committee_id): part.status for part in verdict.parts}


def test_a_refused_member_page_leaves_member_bodies_partial_and_the_seats_usable():
    refused = PageFailure(url=f"{URL}/member/2064.html", page_kind="member", subject_id=2064,
                          cause=LossCause.REFUSED, reason="HTTP 403", http_status=403)
    verdict = judge(evidence(*EVERYTHING, visits=VISITS, failures=[refused]))
    assert verdict.status == "partial"
    assert verdict.reasons[0].startswith("the site refused the crawler: HTTP 403 on 1 page(s), e.g. "
                                         f"{URL}/member/2064.html; try a slower rate")
    assert part_statuses(verdict) == {
        ("committees", 54998): "complete", ("liaisons", 54998): "complete", ("member_bodies", None): "partial",
        ("memberships", 54998): "complete", ("officers", 54998): "complete", ("organizations", None): "complete",
        ("subgroups", 54998): "complete"}


def test_a_refused_committee_page_fails_the_crawl_and_says_refused_first():
    refused = PageFailure(url=f"{URL}/committee/54998.html", page_kind="committee", subject_id=54998,
                          cause=LossCause.REFUSED, reason="HTTP 403", http_status=403)
    verdict = judge(evidence(failures=[refused]))
    assert verdict.status == "failed"
    assert verdict.reasons[0].startswith("the site refused the crawler: HTTP 403 on 1 page(s)")
    assert verdict.parts == []


def test_member_pages_met_with_a_challenge_are_one_challenge_reason_advising_the_browser_not_a_slower_rate():
    challenged = [PageFailure(url=f"{URL}/member/{member}.html", page_kind="member", subject_id=member, http_status=403,
                              cause=LossCause.CHALLENGE, reason="met a JavaScript challenge (Cloudflare): HTTP 403, cf-mitigated: challenge header",
                              challenge="Cloudflare") for member in (1619, 2064)]
    verdict = judge(evidence(*EVERYTHING, visits=VISITS, failures=challenged))

    assert verdict.status == "partial"
    assert verdict.reasons[0] == (f"the crawl met a JavaScript challenge (Cloudflare) on 2 page(s), e.g. {URL}/member/1619.html; "
                                  + CHALLENGE_ADVICE)
    assert not any("refused" in reason or "--delay" in reason for reason in verdict.reasons)
    assert "casco crawl --browser" in CHALLENGE_ADVICE and "casco crawl --replay FILE" in CHALLENGE_ADVICE
    assert {p.record_table for p in verdict.parts if p.status == "partial"} == {"member_bodies"}


def test_an_unknown_officer_label_makes_only_that_committees_officers_partial():
    unknown = Reject(record_type="Officer", payload={"committee_id": 54998, "role": "Convenor", "name": "Ms X"},
                     errors=["role: unknown officer label 'Convenor'"])
    verdict = judge(evidence(*EVERYTHING, visits=VISITS, rejects=[unknown]))
    assert verdict.status == "partial"
    statuses = part_statuses(verdict)
    assert statuses.pop(("officers", 54998)) == "partial"
    assert set(statuses.values()) == {"complete"}


def test_a_reject_that_names_no_committee_makes_every_part_of_its_table_partial():
    tc_176 = PageVisit(url=f"{URL}/committee/46486.html", page_kind="committee", subject_id=46486)
    verdict = judge(evidence(*EVERYTHING, visits=(*VISITS, tc_176), requested=(54998, 46486),
                             rejects=[Reject(record_type="Membership", payload={"status": "X"}, errors=["status"])]))
    statuses = part_statuses(verdict)
    assert (statuses[("memberships", 54998)], statuses[("memberships", 46486)]) == ("partial", "partial")
    assert statuses[("officers", 54998)] == "complete"


def test_rejects_make_a_crawl_partial():
    reject = Reject(record_type="Officer", payload={"role": "president"}, errors=["role: unknown"])
    verdict = judge(evidence(*EVERYTHING, visits=VISITS, rejects=[reject]))
    assert verdict.reasons == ["1 Officer record(s) failed validation (role: unknown; see the rejects table)"]


def test_counters_are_only_checked_when_the_crawl_reads_participation_pages():
    verdict = judge(evidence(CASCO, IAF, visits=VISITS[:1], page_kinds=frozenset({"committee"})))
    assert verdict.status == "complete"


def test_many_pages_lost_for_one_cause_are_one_reason():
    lost = [PageFailure(url=f"{URL}/member/{member}.html", page_kind="member", subject_id=member,
                        cause=LossCause.THROTTLED, reason="HTTP 503", http_status=503) for member in (1619, 2064, 2188)]
    verdict = judge(evidence(*EVERYTHING, visits=VISITS, failures=lost))
    assert verdict.reasons == [
        f"3 member pages were not read: HTTP 503 ({URL}/member/1619.html, {URL}/member/2064.html and 1 more)"]
    assert part_statuses(verdict)[("member_bodies", None)] == "partial"


def test_member_bodies_are_not_complete_when_the_pages_listing_the_members_were_not_read():
    refused = PageFailure(url=f"{URL}/committee/54998.html?view=participation", page_kind="participation",
                          subject_id=54998, cause=LossCause.REFUSED, reason="HTTP 403", http_status=403)
    verdict = judge(evidence(CASCO, IAF, IAF_PAGE, visits=VISITS[:1], failures=[refused]))
    parts = {(part.record_table, part.committee_id): part.status for part in verdict.parts}
    assert parts[("memberships", 54998)] == "partial"
    assert parts[("member_bodies", None)] == "partial"
    assert parts[("organizations", None)] == "complete"


def test_a_crawl_cut_short_before_the_participation_view_leaves_member_bodies_partial():
    cut = PageFailure(url=f"{URL}/committee/54998.html?view=participation", page_kind="participation",
                      subject_id=54998, cause=LossCause.TIME_LIMIT,
                      reason="not read: the crawl reached its time limit of 5 s (--max-duration)")
    verdict = judge(evidence(CASCO, IAF, IAF_PAGE, visits=VISITS[:1], failures=[cut]))
    incomplete = {(part.record_table, part.committee_id) for part in verdict.parts if part.status != "complete"}
    assert incomplete == {("memberships", 54998), ("member_bodies", None)}
