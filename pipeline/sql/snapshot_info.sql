-- What a diff needs to know about one snapshot.
SELECT snapshot_id, as_of, source_kind, source, scope, covers, status, reasons
FROM snapshots
WHERE snapshot_id = $snapshot_id
