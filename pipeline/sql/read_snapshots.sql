-- The snapshots (all, or those $snapshot_ids lists) with their parts, oldest first.
WITH chosen AS (
    FROM snapshots WHERE $snapshot_ids IS NULL OR list_contains($snapshot_ids, snapshot_id)
),
parts AS (
    SELECT
        snapshot_id,
        list({'record_table': record_table, 'committee_id': committee_id, 'status': status, 'reasons': reasons}
             ORDER BY record_table, committee_id NULLS FIRST) AS parts
    FROM snapshot_parts
    WHERE $snapshot_ids IS NULL OR list_contains($snapshot_ids, snapshot_id)
    GROUP BY snapshot_id
)
SELECT s.*, coalesce(p.parts, []) AS parts
FROM chosen s
LEFT JOIN parts p USING (snapshot_id)
ORDER BY s.snapshot_id
