"""The fixture data is consistent, and the November state differs from October exactly as documented."""

import pytest

from casco_watch.fixture_site.site_data import CASCO_ID, STATES, site
from tests.fixture_oracle import expected_records

OCTOBER, NOVEMBER = STATES


def _keyed(state, model, **where):
    return {
        tuple(sorted(r.items())) for r in expected_records(state, sorted(site(state).committees))[model]
        if all(r[k] == v for k, v in where.items())
    }


@pytest.mark.parametrize("state", STATES)
def test_every_liaison_committee_has_pages_and_counters_match(state):
    data = site(state)
    for committee in data.committees.values():
        assert data.liaison_committees(committee.committee_id) <= set(data.committees)
        assert committee.secretariat_id is None or committee.secretariat_id in committee.p_members
        assert not set(committee.p_members) & set(committee.o_members)
        assert all(m in data.member_bodies for m in (*committee.p_members, *committee.o_members))
    casco = expected_records(state)["Committee"][0]
    memberships = expected_records(state)["Membership"]
    assert casco["participating_members"] == sum(m["status"] == "P" for m in memberships)
    assert casco["observing_members"] == sum(m["status"] == "O" for m in memberships)


def test_casco_counts_follow_its_published_figures():
    assert [expected_records(OCTOBER)["Committee"][0][k] for k in ("participating_members", "observing_members")] == [95, 49]


def test_november_membership_changes():
    status = {s: {m["member_id"]: m["status"] for m in expected_records(s)["Membership"]} for s in STATES}
    joined = status[NOVEMBER].keys() - status[OCTOBER].keys()
    left = status[OCTOBER].keys() - status[NOVEMBER].keys()
    switched = {m: (status[OCTOBER][m], status[NOVEMBER][m]) for m in status[OCTOBER].keys() & status[NOVEMBER].keys() if status[OCTOBER][m] != status[NOVEMBER][m]}
    assert len(joined) == 2 and len(left) == 2
    assert sorted(switched.values()) == [("O", "P"), ("P", "O")]


def test_november_officer_liaison_subgroup_and_acronym_changes():
    def diff(model, **where):
        return _keyed(OCTOBER, model, **where) ^ _keyed(NOVEMBER, model, **where)

    assert {dict(r)["name"] for r in diff("Officer", committee_id=CASCO_ID)} == {"Ms Caroline Outa", "Mr Erik Johansson"}
    assert {dict(r)["partner_label"] for r in diff("Liaison", committee_id=CASCO_ID)} == {"ISO/TC 272", "UNIDO"}
    assert [dict(r)["reference"] for r in diff("Subgroup")] == ["ISO/CASCO/JWG 64"]
    renamed = {dict(r)["member_id"]: dict(r)["acronym"] for r in _keyed(NOVEMBER, "MemberBody")}
    assert renamed[2172] == "UkrNDNC"
    assert {dict(r)["acronym"] for r in _keyed(OCTOBER, "MemberBody", member_id=2172)} == {"SE UkrNDNC"}


def test_a_crawl_without_following_liaisons_reads_only_the_asked_committees():
    records = expected_records(OCTOBER, (53882,))
    assert [c["reference"] for c in records["Committee"]] == ["ISO/TC 176"]
    assert {m["committee_id"] for m in records["Membership"]} == {53882}
    assert len(records["MemberBody"]) == 122
