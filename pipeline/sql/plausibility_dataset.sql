-- A dataset kept whole (an Open Data dump: parts of whole tables) judged committee by committee, against the
-- latest earlier snapshot of source $source_kind whose whole committees table is in force (part_series), the
-- judged one ($judged_id, when it is stored already) aside: for each committee that snapshot lists, whether the
-- judged dataset ({committees}: its committee ids) still lists it, and how many of its seats there the judged
-- memberships ({seats}: committee_id, member_id) no longer hold.
WITH previous AS (
    SELECT max_by(snapshot_id, (as_of, snapshot_id)) AS snapshot_id
    FROM part_series
    WHERE record_table = 'committees' AND committee_id IS NULL AND source_kind = $source_kind AND as_of <= $as_of
        AND snapshot_id IS DISTINCT FROM $judged_id
),
seats AS (
    SELECT m.committee_id, count(*) AS held, count(*) FILTER (WHERE i.committee_id IS NULL) AS vanished
    FROM previous
    JOIN memberships m ON m.snapshot_id = previous.snapshot_id
    LEFT JOIN {seats} i ON i.committee_id = m.committee_id AND i.member_id = m.member_id
    GROUP BY ALL
)
SELECT
    previous.snapshot_id,
    s.as_of,
    c.committee_id,
    c.committee_id IN (SELECT committee_id FROM {committees}) AS still_listed,
    coalesce(seats.held, 0) AS held,
    coalesce(seats.vanished, 0) AS vanished
FROM previous
JOIN snapshots s ON s.snapshot_id = previous.snapshot_id
JOIN committees c ON c.snapshot_id = previous.snapshot_id
LEFT JOIN seats USING (committee_id)
ORDER BY c.committee_id
