-- The snapshots (all, or the one $snapshot_id names) with their parts, oldest first.
SELECT
    s.*,
    coalesce(
        (SELECT list({'record_table': p.record_table, 'committee_id': p.committee_id, 'status': p.status,
                      'reasons': p.reasons} ORDER BY p.record_table, p.committee_id NULLS FIRST)
         FROM snapshot_parts p WHERE p.snapshot_id = s.snapshot_id),
        []
    ) AS parts
FROM snapshots s
WHERE $snapshot_id IS NULL OR s.snapshot_id = $snapshot_id
ORDER BY s.snapshot_id
