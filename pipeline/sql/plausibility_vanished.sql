-- For each {table} part of an incoming snapshot (the registered `checked_parts`, committee_id NULL for
-- the whole table) and what its rows are matched by (`incoming_rows`: their natural keys, or their committees): the latest earlier snapshot of source
-- $source_kind whose part for that committee, or for the whole table, is in force (part_series,
-- pipeline/sql/schema.sql), how many rows it holds there, and how many of those the incoming rows no longer
-- hold (matched on {key_match}). Parts with no earlier part in force, or none of its rows, are absent.
WITH previous AS (
    SELECT c.committee_id AS part_committee, max_by(p.snapshot_id, (p.as_of, p.snapshot_id)) AS snapshot_id
    FROM checked_parts c
    JOIN part_series p
        ON p.record_table = '{table}'
        AND (p.committee_id IS NULL OR p.committee_id = c.committee_id)
    WHERE p.source_kind = $source_kind AND p.as_of <= $as_of
    GROUP BY c.committee_id
)
SELECT
    previous.part_committee,
    previous.snapshot_id,
    s.as_of,
    count(*) AS held,
    count(*) FILTER (WHERE i.committee_id IS NULL) AS vanished
FROM previous
JOIN snapshots s ON s.snapshot_id = previous.snapshot_id
JOIN {table} m
    ON m.snapshot_id = previous.snapshot_id
    AND (previous.part_committee IS NULL OR m.committee_id = previous.part_committee)
LEFT JOIN (SELECT DISTINCT * FROM incoming_rows) i ON {key_match}
GROUP BY ALL
ORDER BY ALL
