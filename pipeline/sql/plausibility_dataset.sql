-- A dataset kept whole (an Open Data dump: parts of whole tables) judged committee by committee, against the
-- latest earlier snapshot of source $source_kind whose whole committees table is in force (part_series), the
-- judged one aside: for each committee that snapshot lists, whether the judged dataset still lists it, and how
-- many of its seats there the judged memberships no longer hold. Judged is either an incoming dump (the
-- registered `incoming_committees` and `incoming_rows`: committee_id, member_id) or, with $judged_id, a stored one.
WITH judged_committees AS (
    SELECT committee_id FROM incoming_committees WHERE $judged_id IS NULL
    UNION ALL
    SELECT committee_id FROM committees WHERE snapshot_id = $judged_id
),
judged_seats AS (
    SELECT committee_id, member_id FROM incoming_rows WHERE $judged_id IS NULL
    UNION ALL
    SELECT committee_id, member_id FROM memberships WHERE snapshot_id = $judged_id
),
previous AS (
    SELECT max_by(snapshot_id, (as_of, snapshot_id)) AS snapshot_id
    FROM part_series
    WHERE record_table = 'committees' AND committee_id IS NULL AND source_kind = $source_kind AND as_of <= $as_of
        AND snapshot_id IS DISTINCT FROM $judged_id
),
seats AS (
    SELECT m.committee_id, count(*) AS held, count(*) FILTER (WHERE i.committee_id IS NULL) AS vanished
    FROM previous
    JOIN memberships m ON m.snapshot_id = previous.snapshot_id
    LEFT JOIN judged_seats i ON i.committee_id = m.committee_id AND i.member_id = m.member_id
    GROUP BY ALL
)
SELECT
    previous.snapshot_id,
    s.as_of,
    c.committee_id,
    c.committee_id IN (SELECT committee_id FROM judged_committees) AS still_listed,
    coalesce(seats.held, 0) AS held,
    coalesce(seats.vanished, 0) AS vanished
FROM previous
JOIN snapshots s ON s.snapshot_id = previous.snapshot_id
JOIN committees c ON c.snapshot_id = previous.snapshot_id
LEFT JOIN seats USING (committee_id)
ORDER BY c.committee_id
