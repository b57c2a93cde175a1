-- `casco query --as-of DATE`: for this connection only, each record table named {table} is shadowed by
-- the rows of the latest complete snapshot covering it on or before {on_date}, one per series
-- (source_kind and scope). {catalog} is the database file's catalog, so the view reads the real table.
CREATE OR REPLACE TEMP VIEW {table} AS
SELECT r.*
FROM "{catalog}".main.{table} r
WHERE r.snapshot_id IN (
    SELECT max_by(snapshot_id, series_position)
    FROM series_snapshots('{table}')
    WHERE as_of <= DATE '{on_date}'
    GROUP BY source_kind, scope
);
