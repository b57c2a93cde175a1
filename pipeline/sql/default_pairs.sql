-- The default comparison, part by part: each part in force of the target snapshot ($to_id, else the newest
-- snapshot with a part that has an earlier one in its series), paired with the last earlier snapshot of the
-- same series (part_series) where that part was complete. After a partial crawl each part is thus compared
-- with its last complete state, not with the partial one. With $committee_id set, only that committee's parts
-- and the tables kept whole, and the target is the newest snapshot holding a part of that committee's facts: its
-- own, or a whole table of $committee_tables (an Open Data dump's), never one that only shares a table kept
-- whole (a crawl of another committee also reads member bodies). from_id is NULL for a part that begins its
-- series; `changed` says whether the diff can find anything in the part (kept in part_series as it is written).
SELECT record_table, committee_id, previous_snapshot_id AS from_id, snapshot_id AS to_id, changed
FROM part_series
WHERE ($committee_id IS NULL OR committee_id IS NULL OR committee_id = $committee_id)
    AND snapshot_id = coalesce($to_id, (
        SELECT max_by(snapshot_id, (as_of, snapshot_id))
        FROM part_series
        WHERE previous_snapshot_id IS NOT NULL
            AND ($committee_id IS NULL OR committee_id = $committee_id
                 OR (committee_id IS NULL AND list_contains($committee_tables, record_table)))
    ))
ORDER BY record_table, committee_id NULLS FIRST
