-- Snapshots to compare by default. With $to_id NULL: the newest snapshot holding a complete part (of
-- committee $committee_id, or a whole-table part, when it is set), else $to_id; paired with the newest
-- earlier snapshot of the same source holding a complete part of the same table and committee.
-- With $from_id set instead: the newest later snapshot comparable with it.
WITH parts AS (
    FROM parts_in_force
    WHERE $committee_id IS NULL OR committee_id IS NULL OR committee_id = $committee_id
),
pairs AS (
    SELECT DISTINCT b.snapshot_id AS from_id, a.snapshot_id AS to_id, b.as_of AS from_as_of, a.as_of AS to_as_of
    FROM parts b
    JOIN parts a
        ON a.source_kind = b.source_kind
        AND a.record_table = b.record_table
        AND (a.committee_id IS NULL OR b.committee_id IS NULL OR a.committee_id = b.committee_id)
        AND (b.as_of, b.snapshot_id) < (a.as_of, a.snapshot_id)
)
SELECT from_id, to_id
FROM pairs
WHERE ($from_id IS NULL OR from_id = $from_id) AND ($to_id IS NULL OR to_id = $to_id)
ORDER BY
    CASE WHEN $from_id IS NULL THEN to_as_of END DESC NULLS LAST,
    CASE WHEN $from_id IS NULL THEN to_id END DESC NULLS LAST,
    from_as_of DESC,
    from_id DESC,
    to_as_of DESC,
    to_id DESC
LIMIT 1
