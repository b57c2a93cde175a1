-- How many of {table}'s rows in the part of snapshot $earlier_id (committee $committee_id, NULL for the table
-- whole) the same part of the later snapshot $later_id no longer holds (matched on {key_match}).
SELECT count(*) AS held, count(*) FILTER (WHERE i.committee_id IS NULL) AS vanished
FROM {table} m
LEFT JOIN (
    SELECT DISTINCT {keys} FROM {table}
    WHERE snapshot_id = $later_id AND ($committee_id IS NULL OR committee_id = $committee_id)
) i ON {key_match}
WHERE m.snapshot_id = $earlier_id AND ($committee_id IS NULL OR m.committee_id = $committee_id)
