"""ISO's committee reference patterns.

References are labels, not keys (ids are the keys), but a label that fits none
of ISO's patterns means a parser read the wrong element, so it is refused.
Seen in the wild: `ISO/CASCO`, `ISO/TC 176/SC 2`, `ISO/IEC JTC 1/SC 42`,
`ISO/IEC/JTC 4` (the old spelling of `ISO/IEC JTC 4`), `IEC/ISO JTC 3`,
`IEC/ISO JSyC BDC`, `ISO/PC 302`, `ISO/WS ESG`.
"""

from __future__ import annotations

import re

_JOINT = r"(?:ISO/IEC|IEC/ISO)"
_SINGLE = r"(?:ISO|IEC)"
_NUMBERED_BODY = r"(?:TC|PC|JTC|WS|JSyC|SyC) [0-9A-Z]+(?:/SC \d+)?"
_POLICY_BODY = r"(?:CASCO|COPOLCO|DEVCO|TMB|Council)"
_COMMITTEE = rf"(?:{_JOINT}[/ ]|{_SINGLE}/)(?:{_NUMBERED_BODY}|{_POLICY_BODY})"
# A subgroup is its committee's reference plus one or more segments:
# `ISO/CASCO/JWG 58`, `ISO/CASCO/IAF/ILAC JSG`, `ISO/TC 176/SC 2/WG 23`.
_SUBGROUP_SEGMENT = r"/[A-Za-z][A-Za-z0-9&.\- ]*"

COMMITTEE_REFERENCE = re.compile(rf"^{_COMMITTEE}$")
SUBGROUP_REFERENCE = re.compile(rf"^{_COMMITTEE}(?:{_SUBGROUP_SEGMENT})*$")


def committee_reference(value: str) -> str:
    if not COMMITTEE_REFERENCE.match(value):
        raise ValueError(f"{value!r} is not an ISO committee reference (e.g. 'ISO/TC 176/SC 2', 'ISO/CASCO')")
    return value


def subgroup_reference(value: str) -> str:
    if not SUBGROUP_REFERENCE.match(value):
        raise ValueError(f"{value!r} is not an ISO committee or subgroup reference (e.g. 'ISO/CASCO/WG 58')")
    return value
