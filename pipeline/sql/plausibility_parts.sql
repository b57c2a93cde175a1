-- The parts of snapshot $snapshot_id with their status: no row when there is no such snapshot,
-- one row of NULLs when it has no parts.
SELECT p.record_table, p.committee_id, p.status
FROM snapshots s
LEFT JOIN snapshot_parts p ON p.snapshot_id = s.snapshot_id
WHERE s.snapshot_id = $snapshot_id
