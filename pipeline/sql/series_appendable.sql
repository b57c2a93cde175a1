-- Whether snapshot $snapshot_id only appends to its series: it is no re-reading (which supersedes parts of
-- its original) and no series of a part it holds complete has a snapshot dated after it.
SELECT
    (SELECT derived_from IS NULL FROM snapshots WHERE snapshot_id = $snapshot_id)
    AND NOT EXISTS (
        SELECT 1
        FROM snapshot_parts p
        JOIN snapshots s USING (snapshot_id)
        JOIN part_series later
            ON later.source_kind = s.source_kind
            AND later.record_table = p.record_table
            AND later.committee_id IS NOT DISTINCT FROM p.committee_id
            AND later.as_of > s.as_of
        WHERE p.snapshot_id = $snapshot_id AND p.status = 'complete'
    )
