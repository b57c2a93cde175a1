-- For each {table} part judged, the latest earlier snapshot of source $source_kind whose part for that
-- committee, or for the whole table, is in force (part_series, pipeline/sql/schema.sql), how many rows it holds
-- there, and how many of those the judged rows no longer hold (matched on {key_match}: their natural keys, or
-- their committees). Judged is either an incoming snapshot (the registered `checked_parts`, committee_id NULL for
-- the whole table, and `incoming_rows`) or, with $judged_id, a stored later snapshot's parts that now follow
-- snapshot $previous_id in their series, and its rows. Parts with no earlier part in force, or none of its rows,
-- are absent.
WITH checked AS (
    SELECT committee_id FROM checked_parts WHERE $judged_id IS NULL
    UNION ALL
    SELECT committee_id FROM part_series
    WHERE snapshot_id = $judged_id AND record_table = '{table}' AND previous_snapshot_id = $previous_id
),
judged_rows AS (
    SELECT DISTINCT * FROM (
        SELECT {keys} FROM incoming_rows WHERE $judged_id IS NULL
        UNION ALL
        SELECT {keys} FROM {table} WHERE snapshot_id = $judged_id
    )
),
previous AS (
    SELECT c.committee_id AS part_committee, max_by(p.snapshot_id, (p.as_of, p.snapshot_id)) AS snapshot_id
    FROM checked c
    JOIN part_series p
        ON p.record_table = '{table}'
        AND (p.committee_id IS NULL OR p.committee_id = c.committee_id)
    WHERE p.source_kind = $source_kind AND p.as_of <= $as_of AND p.snapshot_id IS DISTINCT FROM $judged_id
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
LEFT JOIN judged_rows i ON {key_match}
GROUP BY ALL
ORDER BY ALL
