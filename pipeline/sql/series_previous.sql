-- The snapshot the part ($record_table, $committee_id) of snapshot $snapshot_id, in force, is compared with by
-- default: the previous one in its series (no row when the part is not in force).
SELECT previous_snapshot_id
FROM part_series
WHERE snapshot_id = $snapshot_id AND record_table = $record_table AND committee_id IS NOT DISTINCT FROM $committee_id
