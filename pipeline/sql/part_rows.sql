-- {table}_by_part, per record table ({table}, from schemas.RECORD_TABLES), created by pipeline/store.py
-- before history.sql: its rows with the committee whose part they belong to (NULL for a table kept whole).
CREATE OR REPLACE VIEW {table}_by_part AS SELECT *, {part_committee} AS part_committee FROM {table};
