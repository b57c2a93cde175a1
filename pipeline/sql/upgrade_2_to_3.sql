-- Schema 2 -> 3, run for each record table {table} before schema.sql: CHECK constraints on the values its
-- model allows. DuckDB cannot add a CHECK to an existing table, so the rows are set aside here and moved
-- into the table schema.sql creates with them (pipeline/sql/upgrade_2_to_3_rows.sql); a stored value the
-- model never allowed fails the upgrade, whose transaction then leaves the file as it was.
ALTER TABLE {table} RENAME TO {table}_v2;
