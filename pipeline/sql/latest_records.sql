-- latest_{table}, per record table ({table}, from schemas.RECORD_TABLES), created by pipeline/store.py:
-- the rows of the latest snapshot of each of its series (pipeline/sql/history.sql), i.e. what is known now.
CREATE OR REPLACE VIEW latest_{table} AS FROM records_as_of('{table}', 'infinity'::DATE);
