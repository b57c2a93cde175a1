-- The snapshots stored earlier but dated after snapshot $snapshot_id (just written) that it now precedes in a
-- series (part_series, rebuilt when it was written), each with its source and date, and whether its whole
-- committees table is among those parts (an Open Data dump, then judged committee by committee too).
SELECT
    snapshot_id,
    any_value(source_kind) AS source_kind,
    any_value(as_of) AS as_of,
    bool_or(record_table = 'committees' AND committee_id IS NULL) AS follows_as_dataset
FROM part_series
WHERE previous_snapshot_id = $snapshot_id
GROUP BY snapshot_id
ORDER BY snapshot_id
