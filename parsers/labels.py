"""iso.org's label vocabulary: what a details label means, and how to tell a value that swallowed one.

Committee pages write one officer label in several ways ("ISO Technical Programme
Manager [TPM]", "Technical Programme Manager (TPM)", "Chairperson (until end
2026)"), so a label is read as a role name plus bracketed extras: an abbreviation
or a term. The same vocabulary is what gives away a value that ran on into its
neighbour ("Mr A Vice-chair : Ms B"): such a value is never stored as a record.
"""

from __future__ import annotations

import re

from casco_watch.parsers.html import fold
from casco_watch.schemas import Officer, Record, Reject

OFFICER_ROLES = {
    "chairperson": "chairperson",
    "chair": "chairperson",
    "vice-chair": "vice_chair",
    "vice chair": "vice_chair",
    "vice-chairperson": "vice_chair",
    "vice chairperson": "vice_chair",
    "secretary": "secretary",
    "committee manager": "committee_manager",
    "technical programme manager": "technical_programme_manager",
    "editorial manager": "editorial_manager",
}
"""Officer labels as the site words them, without "ISO", abbreviation or term, lower-cased."""

DELIVERABLE_STATUSES = {
    "published": "published",
    "under development": "under_development",
    "withdrawn": "withdrawn",
    "deleted": "deleted",
}
"""A deliverable's status as catalogue rows ("[Under development]") and standard pages ("Status : Withdrawn") word it,
lower-cased and without brackets."""


def deliverable_status(label: str) -> str:
    """The status a label names; an unknown label is returned as it stands, for validation to reject."""
    words = fold(label).strip("[]").strip()
    return DELIVERABLE_STATUSES.get(words.lower(), words)

COMMITTEE_FACT_LABELS = ("secretariat", "creation date", "parent committee")
"""Labels of a committee's details list that name no officer."""

_MEMBER_LABELS = ("country/territory", "membership", "website", "address")
_BRACKETED = re.compile(r"[\[(]([^\[\]()]*)[\])]")
_ABBREVIATION = re.compile(r"^[A-Z]{2,6}$")
_ISO_PREFIX = re.compile(r"^ISO\s+", re.IGNORECASE)
_TRAILING_TERM = re.compile(r"^(?P<name>.*?)\s*\((?P<term>[^()]*\b\d{4}\b[^()]*)\)$")

_LABEL_WORDS = "|".join(
    re.escape(label).replace(r"\ ", r"\s+")
    for label in sorted({*OFFICER_ROLES, *COMMITTEE_FACT_LABELS, *_MEMBER_LABELS}, key=len, reverse=True)
)
_ANY_LABEL = re.compile(rf"\b(?:{_LABEL_WORDS})\b", re.IGNORECASE)
_LABEL_AND_SEPARATOR = re.compile(rf"\b(?:{_LABEL_WORDS})(?:\s*[\[(][^\[\]()]*[\])])*\s*:", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s:(?:\s|$)")
_PROSE_FIELDS = {"scope"}
"""Free text under a heading, not a labelled value: it may say "secretariat" or "Terms : ..."."""
_PERSON_FIELDS = {Officer: ("name", "term")}
"""Fields where even a bare label word gives a neighbour away: no person is called "Vice-chair"."""


def officer_label(label: str) -> tuple[str | None, str | None]:
    """The role a details label names (None when unknown) and the term it states, if any.

    A bracketed all-capitals word is the role's abbreviation ([TPM], (EM)); any
    other bracketed text is a term ("until end 2026").
    """
    term = None
    for bracketed in _BRACKETED.finditer(label):
        inner = fold(bracketed[1])
        if inner and not _ABBREVIATION.match(inner):
            term = inner
    words = _ISO_PREFIX.sub("", fold(_BRACKETED.sub(" ", label))).lower()
    return OFFICER_ROLES.get(words), term


def name_and_term(value: str) -> tuple[str, str | None]:
    """An officer's name and the term written after it, as in "Ms Caroline Outa (until end 2026)".

    Only a bracket holding a year is a term: "(ISO CS)" after a name stays part of what is shown.
    """
    match = _TRAILING_TERM.match(value)
    return (match["name"], fold(match["term"])) if match else (value, None)


def written_label(text: str) -> str | None:
    """The first known label followed by its colon in `text` ("Creation date :"), if any."""
    found = _LABEL_AND_SEPARATOR.search(text)
    return found[0].strip() if found else None


def absorbed_labels(record: Record) -> list[str]:
    """Why a record's values look like they ran into a neighbouring label, one reason per field."""
    person_fields = _PERSON_FIELDS.get(type(record), ())
    reasons = []
    for field, value in record:
        if not isinstance(value, str) or field in _PROSE_FIELDS:
            continue
        found = _LABEL_AND_SEPARATOR.search(value) or _SEPARATOR.search(value)
        if found is None and field in person_fields:
            found = _ANY_LABEL.search(value)
        if found is not None:
            reasons.append(
                f"{field}: {value!r} still contains a label ({found[0].strip()!r}): a neighbouring entry was read into it"
            )
    return reasons


def reject_absorbed_labels(records: list[Record | Reject], url: str) -> list[Record | Reject]:
    """The records, each one whose values absorbed a neighbouring label turned into a Reject saying so."""
    checked: list[Record | Reject] = []
    for record in records:
        reasons = absorbed_labels(record) if isinstance(record, Record) else []
        if reasons:
            record = Reject(
                record_type=type(record).__name__, source_url=url, payload=record.model_dump(), errors=reasons
            )
        checked.append(record)
    return checked
