-- Schema 4 -> 5: the kept series say whether each part changed since the previous one of its series (from the
-- part digests schema.sql adds); pipeline/store.py then digests every stored snapshot and rebuilds the series.
ALTER TABLE IF EXISTS part_series ADD COLUMN IF NOT EXISTS changed BOOLEAN;
