-- Every series there is or was: rebuilt whole when a file is upgraded to the schema that keeps them.
SELECT DISTINCT source_kind, record_table, committee_id FROM parts_in_force
UNION
SELECT DISTINCT source_kind, record_table, committee_id FROM part_series
