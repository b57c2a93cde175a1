-- Of the parts $compared ({table, committee_id}, pipeline/parts.py), those in which a diff of snapshots $from_id
-- and $to_id can find anything (part_changed, pipeline/sql/history.sql).
SELECT part.table, part.committee_id
FROM (SELECT unnest($compared) AS part)
WHERE part_changed(part.table, part.committee_id, $from_id, $to_id)
