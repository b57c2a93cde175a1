-- `casco query --as-of DATE`: the rows of {table} that belong to snapshots dated $on_date or earlier, copied
-- into an in-memory database (pipeline/catalog.py) so later snapshots are absent, not merely hidden.
SELECT *
FROM {table}
WHERE snapshot_id IN (SELECT snapshot_id FROM snapshots WHERE as_of <= $on_date);
