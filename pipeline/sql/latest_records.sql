-- latest_{table}: the rows of {table} from the latest complete snapshot of each series that covers it.
-- Created once per record table (schemas.RECORD_TABLES) by pipeline/store.py.
CREATE OR REPLACE VIEW latest_{table} AS FROM records_as_of('{table}', 'infinity'::DATE);
