-- Subgroups (subcommittees, working groups, ...) added and removed between snapshots $from_id and $to_id.
SELECT
    CASE WHEN b.title IS NULL THEN 'added' ELSE 'removed' END AS change,
    committee_id,
    c.reference AS committee_reference,
    reference,
    coalesce(a.title, b.title) AS title,
    coalesce(a.type, b.type) AS type
FROM records_at('subgroups', $from_id, $committee_id, $compared) b
FULL JOIN records_at('subgroups', $to_id, $committee_id, $compared) a USING (committee_id, reference)
LEFT JOIN pair_committee_references($from_id, $to_id) c USING (committee_id)
WHERE b.title IS NULL OR a.title IS NULL
ORDER BY ALL
