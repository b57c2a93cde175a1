-- The parts of JUDGED tables ($tables) that a snapshot stored after them but dated before them ($snapshot_id)
-- now precedes in their series (part_series, rebuilt when it was written): each later snapshot's part, complete
-- and in force, to be judged against it as if it had come in after it.
SELECT snapshot_id, record_table, committee_id
FROM part_series
WHERE previous_snapshot_id = $snapshot_id AND list_contains($tables, record_table)
ORDER BY ALL
