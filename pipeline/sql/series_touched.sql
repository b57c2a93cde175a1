-- The series snapshot $snapshot_id can change: those of its parts and, for a re-reading, of its original's.
SELECT DISTINCT s.source_kind, p.record_table, p.committee_id
FROM snapshot_parts p
JOIN snapshots s USING (snapshot_id)
WHERE p.snapshot_id = $snapshot_id
    OR p.snapshot_id = (SELECT derived_from FROM snapshots WHERE snapshot_id = $snapshot_id)
