-- After a part of snapshot $snapshot_id was accepted: the snapshot notes it ($acceptance) and, once every
-- part is complete, is complete itself. Returns the snapshot's status.
UPDATE snapshots s
SET
    reasons = list_append(s.reasons, $acceptance),
    status = CASE
        WHEN s.status = 'partial' AND NOT EXISTS (
            SELECT 1 FROM snapshot_parts p WHERE p.snapshot_id = s.snapshot_id AND p.status <> 'complete'
        ) THEN 'complete'
        ELSE s.status
    END
WHERE s.snapshot_id = $snapshot_id
RETURNING s.status
