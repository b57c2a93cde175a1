-- The tables snapshot $snapshot_id appended a part to (pipeline/series.py): periods_append.sql changes no period
-- of another table, so it runs for these alone.
SELECT DISTINCT record_table FROM part_series WHERE snapshot_id = $snapshot_id
