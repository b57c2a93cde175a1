-- A later snapshot's part found implausible once an earlier-dated snapshot was stored after it: suspect, with
-- the reason ($reason) on the part and, unless it is held back only with the list that lists it
-- ($on_snapshot false), on the snapshot, which turns partial if it was complete.
UPDATE snapshot_parts
SET status = 'suspect', reasons = list_append(reasons, $reason)
WHERE snapshot_id = $snapshot_id
    AND record_table = $record_table
    AND committee_id IS NOT DISTINCT FROM $committee_id
    AND status = 'complete';

UPDATE snapshots
SET reasons = list_append(reasons, $reason), status = CASE WHEN status = 'complete' THEN 'partial' ELSE status END
WHERE snapshot_id = $snapshot_id AND $on_snapshot;
