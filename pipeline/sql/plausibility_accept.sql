-- The user accepts a suspect part: it becomes complete, and its reasons say so ($acceptance).
UPDATE snapshot_parts
SET status = 'complete', reasons = list_append(reasons, $acceptance)
WHERE snapshot_id = $snapshot_id
    AND record_table = $record_table
    AND committee_id IS NOT DISTINCT FROM $committee_id
    AND status = 'suspect'
