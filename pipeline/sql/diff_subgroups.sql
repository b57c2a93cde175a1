-- Subgroups (subcommittees, working groups, ...) added and removed between snapshots $from_id and $to_id. A
-- subgroup is the same one when its reference is, when both sides give it the same ISO id (a subcommittee's
-- committee id), or, for one without an id, when its own designation (the reference's last part, "WG 1"), type
-- and title are: a reference respelled with its parent's (ISO/IEC/JTC 4/SC 1 -> ISO/IEC JTC 4/SC 1) is no
-- subgroup removed and another added.
SELECT
    CASE WHEN b.title IS NULL THEN 'added' ELSE 'removed' END AS change,
    coalesce(a.committee_id, b.committee_id) AS committee_id,
    c.reference AS committee_reference,
    coalesce(a.reference, b.reference) AS reference,
    coalesce(a.title, b.title) AS title,
    coalesce(a.type, b.type) AS type
FROM records_at('subgroups', $from_id, $committee_id, $compared) b
FULL JOIN records_at('subgroups', $to_id, $committee_id, $compared) a
    ON a.committee_id = b.committee_id AND (
        a.reference = b.reference
        OR a.subgroup_id = b.subgroup_id
        OR (regexp_extract(a.reference, '[^/]+$') = regexp_extract(b.reference, '[^/]+$')
            AND a.type = b.type AND a.title = b.title)
    )
LEFT JOIN pair_committee_references($from_id, $to_id) c ON c.committee_id = coalesce(a.committee_id, b.committee_id)
WHERE b.title IS NULL OR a.title IS NULL
ORDER BY ALL
