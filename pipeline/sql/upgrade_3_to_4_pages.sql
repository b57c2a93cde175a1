-- Schema 3 -> 4, before schema.sql: `pages` gains `cause` (schemas.LossCause) and CHECKs on its page kinds and
-- causes. DuckDB cannot add a CHECK to an existing table, so the rows are set aside here and moved into the table
-- schema.sql creates (pipeline/sql/upgrade_3_to_4_pages_rows.sql).
ALTER TABLE pages RENAME TO pages_v3;
