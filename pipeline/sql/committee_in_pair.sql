-- `casco diff --committee ID`: the rows of committee $committee_id in {table} (one committee-keyed record
-- table) of snapshot $from_id or $to_id. pipeline/changes.py asks whether any table has one: a committee in
-- neither snapshot is a mistake to report, not "No changes."
SELECT 1 FROM {table} WHERE committee_id = $committee_id AND snapshot_id IN ($from_id, $to_id)
