-- The series named in the registered `rebuilt_series` (source_kind, record_table, committee_id) laid out again
-- from their definition (series_in_force, pipeline/sql/history.sql), with whether each part changed since the
-- previous one (part_changed, from the digests).
DELETE FROM part_series
USING rebuilt_series r
WHERE (r.source_kind, r.record_table) = (part_series.source_kind, part_series.record_table)
    AND r.committee_id IS NOT DISTINCT FROM part_series.committee_id;

INSERT INTO part_series BY NAME
SELECT s.*, part_changed(s.record_table, s.committee_id, s.previous_snapshot_id, s.snapshot_id) AS changed
FROM series_in_force s
SEMI JOIN rebuilt_series r
    ON r.source_kind = s.source_kind AND r.record_table = s.record_table AND r.committee_id IS NOT DISTINCT FROM s.committee_id;
