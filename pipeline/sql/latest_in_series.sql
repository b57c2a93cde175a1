-- The latest complete snapshot of one series.
SELECT snapshot_id
FROM series_snapshots(NULL)
WHERE source_kind = $source_kind AND scope = $scope AND next_snapshot_id IS NULL
