"""schemas.folding: copies of a record become one by natural key; gaps fill, disagreements are named."""

from casco_watch.schemas import MemberBody, Membership
from casco_watch.schemas.folding import fold_record

DIN = MemberBody(member_id=1511, acronym="DIN")


def test_a_new_key_is_kept_and_an_identical_copy_adds_nothing():
    folded = {}
    assert fold_record(folded, DIN) == []
    assert fold_record(folded, MemberBody(member_id=1511, acronym="DIN")) is None
    assert folded == {MemberBody: {(1511,): DIN}}


def test_a_copy_that_fills_a_gap_merges_without_a_disagreement():
    folded = {}
    fold_record(folded, DIN)
    assert fold_record(folded, MemberBody(member_id=1511, acronym="DIN", country="Germany")) == []
    assert fold_record(folded, DIN) is None  # a copy lacking the value found since says nothing new
    assert folded[MemberBody][(1511,)].country == "Germany"


def test_a_copy_that_disagrees_wins_and_names_the_values():
    folded = {}
    fold_record(folded, Membership(committee_id=54998, member_id=1619, status="P"))
    assert fold_record(folded, Membership(committee_id=54998, member_id=1619, status="O")) == ["status: 'P' vs 'O'"]
    assert folded[Membership][(54998, 1619)].status == "O"
