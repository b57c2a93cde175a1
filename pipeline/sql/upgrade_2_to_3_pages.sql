-- Schema 2 -> 3: a lost page names the bot wall whose challenge answered instead of it (PageFailure.challenge),
-- so nothing reads that from the wording of its reason. A file without a pages table yet gets it from schema.sql.
ALTER TABLE IF EXISTS pages ADD COLUMN IF NOT EXISTS challenge VARCHAR;
