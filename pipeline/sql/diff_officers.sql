-- Officers between snapshots $from_id and $to_id, per committee and role: when exactly one name went
-- and one came, the role changed hands (old name -> new name); otherwise each name added or removed.
WITH moved AS (
    SELECT committee_id, role, name, b.name IS NOT NULL AS gone
    FROM records_at('officers', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('officers', $to_id, $committee_id, $compared) a USING (committee_id, role, name)
    WHERE b.name IS NULL OR a.name IS NULL
),
roles AS (
    SELECT
        committee_id,
        role,
        coalesce(list(name ORDER BY name) FILTER (gone), []) AS gone_names,
        coalesce(list(name ORDER BY name) FILTER (NOT gone), []) AS new_names
    FROM moved
    GROUP BY committee_id, role
),
changes AS (
    SELECT
        committee_id,
        role,
        unnest(CASE
            WHEN len(gone_names) = 1 AND len(new_names) = 1
                THEN [{'change': 'changed', 'before_name': gone_names[1], 'after_name': new_names[1]}]
            ELSE list_concat(
                list_transform(gone_names, lambda n: {'change': 'removed', 'before_name': n, 'after_name': NULL}),
                list_transform(new_names, lambda n: {'change': 'added', 'before_name': NULL, 'after_name': n})
            )
        END, recursive := true)
    FROM roles
)
SELECT
    change,
    committee_id,
    c.reference AS committee_reference,
    role,
    before_name,
    after_name
FROM changes
LEFT JOIN pair_committee_references($from_id, $to_id) c USING (committee_id)
ORDER BY ALL
