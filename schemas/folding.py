"""Folding copies of a record into one by natural key: the one rule, for the parsers and the snapshot collector.

A crawl states many facts more than once (every Open Data line repeats its
members' MemberBody records; two pages may name one seat). Copies that agree are
one record; a copy that adds a value fills the gap; a copy that disagrees wins
(the later is kept) and the values it disagreed on are reported. A parser that
drops repeats with this rule drops exactly what the collector would have folded
away, so the records and conflicts a snapshot ends with never depend on it.
"""

from __future__ import annotations

from casco_watch.schemas.records import Record

Folded = dict[type[Record], dict[tuple, Record]]
"""Records by type, then by natural key."""


def _merge(kept: Record, incoming: Record) -> tuple[Record, list[str]]:
    merged, disagreements = kept.model_dump(), []
    for name, value in incoming.model_dump().items():
        if value is None or value == merged[name]:
            continue
        if merged[name] is not None:
            disagreements.append(f"{name}: {merged[name]!r} vs {value!r}")
        merged[name] = value
    return type(kept).model_validate(merged), disagreements


def fold_record(folded: Folded, record: Record) -> list[str] | None:
    """Fold `record` into `folded`: None when it adds nothing to the record its key holds, else the values on
    which it disagreed with that record ([] for a new key or a copy that only filled gaps)."""
    bucket = folded.setdefault(type(record), {})
    key = record.natural_key()
    kept = bucket.get(key)
    if kept is None:
        bucket[key] = record
        return []
    if kept is record or kept == record:
        return None
    merged, disagreements = _merge(kept, record)
    if merged == kept:
        return None
    bucket[key] = merged
    return disagreements
