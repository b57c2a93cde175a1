-- The newest later snapshot comparable with $from_id: one of the same source holding in force a part of a
-- table and committee (or the table whole) that $from_id holds in force; with $committee_id set, only that
-- committee's parts and the tables kept whole count.
SELECT $from_id::INTEGER AS from_id, to_id
FROM (
    SELECT max_by(a.snapshot_id, (a.as_of, a.snapshot_id)) AS to_id
    FROM part_series b
    JOIN part_series a
        ON a.source_kind = b.source_kind
        AND a.record_table = b.record_table
        AND (a.committee_id IS NULL OR b.committee_id IS NULL OR a.committee_id = b.committee_id)
        AND (b.as_of, b.snapshot_id) < (a.as_of, a.snapshot_id)
    WHERE b.snapshot_id = $from_id
        AND ($committee_id IS NULL OR b.committee_id IS NULL OR b.committee_id = $committee_id)
)
WHERE to_id IS NOT NULL
