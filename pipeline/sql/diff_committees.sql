-- Committees added, removed, renamed (reference changed, same id), and title, scope, status or
-- secretariat changed, between snapshots $from_id and $to_id. Secretariats are shown by acronym.
-- Only the columns compared are taken from each side: carrying whole rows made this the slowest section to plan.
WITH paired AS (
    SELECT
        committee_id,
        b.reference IS NULL AS added,
        a.reference IS NULL AS removed,
        b.reference AS before_reference, a.reference AS after_reference,
        b.title AS before_title, a.title AS after_title,
        b.scope AS before_scope, a.scope AS after_scope,
        b.status AS before_status, a.status AS after_status,
        b.secretariat_member_id AS before_secretariat_id, a.secretariat_member_id AS after_secretariat_id
    FROM records_at('committees', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('committees', $to_id, $committee_id, $compared) a USING (committee_id)
),
labels AS (
    FROM pair_member_labels($from_id, $to_id)
),
secretariats AS (
    SELECT
        p.*,
        coalesce(before_secretariat.before_acronym, before_secretariat.after_acronym, before_secretariat_id::VARCHAR)
            AS before_secretariat,
        coalesce(after_secretariat.after_acronym, after_secretariat.before_acronym, after_secretariat_id::VARCHAR)
            AS after_secretariat
    FROM paired p
    LEFT JOIN labels before_secretariat ON before_secretariat.member_id = before_secretariat_id
    LEFT JOIN labels after_secretariat ON after_secretariat.member_id = after_secretariat_id
),
changes AS (
    SELECT
        committee_id,
        added,
        removed,
        coalesce(after_reference, before_reference) AS reference,
        unnest(CASE
            WHEN added THEN [{'change': 'added', 'before': NULL, 'after': after_title}]
            WHEN removed THEN [{'change': 'removed', 'before': before_title, 'after': NULL}]
            ELSE [
                {'change': 'renamed', 'before': before_reference, 'after': after_reference},
                {'change': 'title_changed', 'before': before_title, 'after': after_title},
                {'change': 'scope_changed', 'before': before_scope, 'after': after_scope},
                {'change': 'status_changed', 'before': before_status, 'after': after_status},
                {'change': 'secretariat_changed', 'before': before_secretariat, 'after': after_secretariat}
            ]
        END, recursive := true)
    FROM secretariats
)
SELECT change, committee_id, reference, before, after
FROM changes
WHERE added OR removed OR before IS DISTINCT FROM after
ORDER BY ALL
