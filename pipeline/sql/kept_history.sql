-- The kept history of {table}, per record table whose model names a `history` (schemas.HISTORY_FIELDS), created
-- by pipeline/store.py after history.sql. {table}_facts: what a period tracks of each row, {fact} built from
-- the model's `history` fields in their declared order. {table}_periods: its periods, created here empty with
-- the columns fact_periods gives and maintained by pipeline/series.py in write_snapshot's transaction
-- (extended, closed and opened for each part a snapshot appends to its series; rebuilt from fact_periods for a
-- series a re-read, an acceptance or an out-of-order date changes). {name}_history: those periods as rows;
-- {table}_as_of(date): the periods that held on a date.
CREATE OR REPLACE VIEW {table}_facts AS SELECT snapshot_id, part_committee, {fact} AS fact FROM {table}_by_part;
CREATE TABLE IF NOT EXISTS {table}_periods AS FROM fact_periods('{table}') LIMIT 0;
CREATE OR REPLACE VIEW {name}_history AS FROM periods_of('{table}_periods');
CREATE OR REPLACE MACRO {table}_as_of(on_date) AS TABLE FROM {name}_history WHERE holds_on(valid_from, valid_to, on_date);
