"""The records casco-watch keeps: one pydantic model per kind of fact ISO publishes.

Every model is strict: ids are positive integers, labels are normalized text,
and an unknown status, role, type or category is an error rather than a guess.
Identity is always by ISO's numeric ids; references, acronyms and names are labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from casco_watch.schemas.references import committee_reference, subgroup_reference
from casco_watch.schemas.stages import stage_code
from casco_watch.schemas.text import clean_lines, clean_paragraphs, clean_text

MAX_ISO_ID = 2**63 - 1
"""The largest id the store's BIGINT id columns hold; every id option and record is bounded by it."""
IsoId = Annotated[int, Field(strict=True, gt=0, le=MAX_ISO_ID)]
"""ISO's stable numeric id of a committee, member body or organization."""

Count = Annotated[int, Field(strict=True, ge=0)]
Text = Annotated[str, BeforeValidator(clean_text), Field(min_length=1)]
OptionalText = Annotated[str | None, BeforeValidator(clean_text)]
Paragraphs = Annotated[str | None, BeforeValidator(clean_paragraphs)]
Lines = Annotated[str | None, BeforeValidator(clean_lines)]
CommitteeReference = Annotated[str, BeforeValidator(clean_text), AfterValidator(committee_reference)]
SubgroupReference = Annotated[str, BeforeValidator(clean_text), AfterValidator(subgroup_reference)]
WebAddress = Annotated[Annotated[str, Field(pattern=r"^https?://\S+$")] | None, BeforeValidator(clean_text)]

CommitteeStatus = Literal["active", "suspended", "standby"]
OfficerRole = Literal[
    "chairperson",
    "vice_chair",
    "secretary",
    "committee_manager",
    "technical_programme_manager",
    "editorial_manager",
]
SubgroupType = Literal[
    "subcommittee",
    "working_group",
    "joint_working_group",
    "ad_hoc_group",
    "advisory_group",
    "task_force",
]
MembershipType = Literal["member_body", "correspondent_member", "subscriber_member"]
MembershipStatus = Literal["P", "O"]
PartnerKind = Literal["committee", "organization"]
LiaisonDirection = Literal["to", "from", "unspecified"]
LiaisonCategory = Literal["A", "B", "C", "D"]
DeliverableStatus = Literal["published", "under_development", "withdrawn", "deleted"]
StageCode = Annotated[str, BeforeValidator(clean_text), AfterValidator(stage_code)]


class Record(BaseModel):
    """Base of every stored record; `table` names its DuckDB table, `key` its natural key.

    `history` names what a history period tracks: the record's identity and the state whose change starts a
    new period, never labels (so relabelling does not split a period); empty for a table without kept periods.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]]
    history: ClassVar[tuple[str, ...]] = ()
    _key_of: ClassVar[Callable[[Any], tuple]]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Read `key` with one attrgetter: every record of a dump is folded by it (half the time of a loop)."""
        super().__pydantic_init_subclass__(**kwargs)
        fields = attrgetter(*cls.key)
        cls._key_of = fields if len(cls.key) > 1 else lambda record: (fields(record),)

    def natural_key(self) -> tuple:
        return type(self)._key_of(self)


class Committee(Record):
    table = "committees"
    key = ("committee_id",)
    history = ("committee_id", "reference", "title", "status", "parent_id")

    committee_id: IsoId
    reference: CommitteeReference
    title: Text
    status: CommitteeStatus = "active"
    parent_id: IsoId | None = None
    secretariat_member_id: IsoId | None = None
    creation_date: dt.date | None = None
    creation_year: Annotated[int, Field(strict=True, ge=1900, le=2100)] | None = None
    scope: Paragraphs = None
    published_standards: Count | None = None
    standards_under_development: Count | None = None
    participating_members: Count | None = None
    observing_members: Count | None = None


class Officer(Record):
    table = "officers"
    key = ("committee_id", "role", "name")
    history = ("committee_id", "role", "name")

    committee_id: IsoId
    role: OfficerRole
    name: Text
    term: OptionalText = None


class Subgroup(Record):
    table = "subgroups"
    key = ("committee_id", "reference")
    history = ("committee_id", "reference", "title", "type")

    committee_id: IsoId
    reference: SubgroupReference
    title: Text
    type: SubgroupType
    subgroup_id: IsoId | None = None


class MemberBody(Record):
    table = "member_bodies"
    key = ("member_id",)

    member_id: IsoId
    acronym: Text
    name: OptionalText = None
    country: OptionalText = None
    membership_type: MembershipType | None = None
    address: Lines = None
    website: WebAddress = None


class Membership(Record):
    table = "memberships"
    key = ("committee_id", "member_id")
    history = ("committee_id", "member_id", "status")

    committee_id: IsoId
    member_id: IsoId
    status: MembershipStatus
    is_secretariat: bool = False


class Liaison(Record):
    table = "liaisons"
    key = ("committee_id", "partner_kind", "partner_id", "direction")
    history = ("committee_id", "partner_kind", "partner_id", "direction", "category")

    committee_id: IsoId
    partner_kind: PartnerKind
    partner_id: IsoId
    partner_label: OptionalText = None
    direction: LiaisonDirection = "unspecified"
    category: LiaisonCategory | None = None


class Organization(Record):
    table = "organizations"
    key = ("organization_id",)

    organization_id: IsoId
    acronym: Text
    name: OptionalText = None
    country: OptionalText = None


class Deliverable(Record):
    """A standard or project of a committee's work programme: where it stands and what it replaces.

    `publication_date` is the first day of the month the page gives (YYYY-MM);
    `replaces` and `replaced_by` are None where the source does not say (a catalogue row).
    """

    table = "deliverables"
    key = ("deliverable_id",)
    history = ("deliverable_id", "committee_id", "reference", "title", "status", "stage", "edition", "publication_date")

    deliverable_id: IsoId
    committee_id: IsoId
    reference: Text
    title: OptionalText = None
    status: DeliverableStatus
    stage: StageCode | None = None
    edition: Annotated[int, Field(strict=True, ge=1)] | None = None
    pages: Count | None = None
    publication_date: dt.date | None = None
    replaces: tuple[IsoId, ...] | None = None
    replaced_by: tuple[IsoId, ...] | None = None


RECORD_TYPES: dict[str, type[Record]] = {
    model.__name__: model
    for model in (Committee, Officer, Subgroup, MemberBody, Membership, Liaison, Organization, Deliverable)
}
RECORD_TABLES: tuple[str, ...] = tuple(model.table for model in RECORD_TYPES.values())
"""Every table of records, in the order the models are declared; `rejects` and `snapshots` are not among them."""
HISTORY_FIELDS: dict[str, tuple[str, ...]] = {
    model.table: model.history for model in RECORD_TYPES.values() if model.history
}
"""The record tables whose history periods are kept, with the fields a period tracks (see `Record.history`)."""
MODEL_OF_TABLE: dict[str, type[Record]] = {model.table: model for model in RECORD_TYPES.values()}
COMMITTEE_KEYED_TABLES: frozenset[str] = frozenset(
    model.table for model in RECORD_TYPES.values() if "committee_id" in model.model_fields
)
"""The tables whose rows belong to one committee, so a crawl of named committees can be complete for each apart."""
