-- `casco query --as-of DATE`: the database as it stood on {on_date}. For this connection only, `snapshots`
-- and each record table are shadowed by views that hide every snapshot dated after {on_date}, so every
-- history and latest_* view built on them answers as of that date too. {catalog} is the database file's
-- catalog, so the shadows read the real tables. Run once per shadowed name ({table}).
CREATE OR REPLACE TEMP VIEW {table} AS
SELECT *
FROM "{catalog}".main.{table}
WHERE snapshot_id IN (SELECT snapshot_id FROM "{catalog}".main.snapshots WHERE as_of <= DATE '{on_date}');
