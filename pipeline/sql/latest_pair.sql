-- The default pair to compare: the two latest complete snapshots of the series (source_kind and scope)
-- whose latest complete snapshot is the newest among the series that have two.
SELECT previous_snapshot_id, snapshot_id
FROM series_snapshots(NULL)
WHERE next_snapshot_id IS NULL AND previous_snapshot_id IS NOT NULL
ORDER BY as_of DESC, snapshot_id DESC
LIMIT 1
