-- Committees added, removed, renamed (reference changed, same id), and title, scope, status or
-- secretariat changed, between snapshots $from_id and $to_id. Secretariats are shown by acronym.
WITH paired AS (
    SELECT
        committee_id,
        b.reference IS NULL AS added,
        a.reference IS NULL AS removed,
        b, a
    FROM records_at('committees', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('committees', $to_id, $committee_id, $compared) a USING (committee_id)
),
labels AS (
    FROM pair_member_labels($from_id, $to_id)
),
secretariats AS (
    SELECT
        p.*,
        coalesce(before_secretariat.before_acronym, before_secretariat.after_acronym, b.secretariat_member_id::VARCHAR)
            AS before_secretariat,
        coalesce(after_secretariat.after_acronym, after_secretariat.before_acronym, a.secretariat_member_id::VARCHAR)
            AS after_secretariat
    FROM paired p
    LEFT JOIN labels before_secretariat ON before_secretariat.member_id = b.secretariat_member_id
    LEFT JOIN labels after_secretariat ON after_secretariat.member_id = a.secretariat_member_id
),
changes AS (
    SELECT
        committee_id,
        added,
        removed,
        coalesce(a.reference, b.reference) AS reference,
        unnest(CASE
            WHEN added THEN [{'change': 'added', 'before': NULL, 'after': a.title}]
            WHEN removed THEN [{'change': 'removed', 'before': b.title, 'after': NULL}]
            ELSE [
                {'change': 'renamed', 'before': b.reference, 'after': a.reference},
                {'change': 'title_changed', 'before': b.title, 'after': a.title},
                {'change': 'scope_changed', 'before': b.scope, 'after': a.scope},
                {'change': 'status_changed', 'before': b.status, 'after': a.status},
                {'change': 'secretariat_changed', 'before': before_secretariat, 'after': after_secretariat}
            ]
        END, recursive := true)
    FROM secretariats
)
SELECT change, committee_id, reference, before, after
FROM changes
WHERE added OR removed OR before IS DISTINCT FROM after
ORDER BY ALL
