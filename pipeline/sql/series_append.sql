-- The parts snapshot $snapshot_id holds complete, appended to their series (each the newest of its series:
-- pipeline/series.py checks that first), whether each changed since the previous (its digests are written
-- first), and each series' former last snapshot pointed at it.
INSERT INTO part_series BY NAME
SELECT
    s.source_kind, p.record_table, p.committee_id, p.snapshot_id, s.as_of,
    coalesce(last.series_position, 0) + 1 AS series_position,
    last.snapshot_id AS previous_snapshot_id,
    part_changed(p.record_table, p.committee_id, last.snapshot_id, p.snapshot_id) AS changed
FROM snapshot_parts p
JOIN snapshots s USING (snapshot_id)
LEFT JOIN (FROM part_series WHERE next_snapshot_id IS NULL) last
    ON last.source_kind = s.source_kind
    AND last.record_table = p.record_table
    AND last.committee_id IS NOT DISTINCT FROM p.committee_id
WHERE p.snapshot_id = $snapshot_id AND p.status = 'complete';

UPDATE part_series
SET next_snapshot_id = appended.snapshot_id, next_as_of = appended.as_of
FROM (FROM part_series WHERE snapshot_id = $snapshot_id) appended
WHERE part_series.snapshot_id = appended.previous_snapshot_id
    AND part_series.source_kind = appended.source_kind
    AND part_series.record_table = appended.record_table
    AND part_series.committee_id IS NOT DISTINCT FROM appended.committee_id;
