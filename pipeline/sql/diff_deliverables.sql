-- A committee's work programme between snapshots $from_id and $to_id, by deliverable id: documents added and
-- removed, published (reached stage 60.60), withdrawn (reached 95.99), any other stage move, a new edition
-- number or a new title. `before` and `after` are stages, except for edition_changed and title_changed.
WITH paired AS (
    SELECT deliverable_id, b, a, b.deliverable_id IS NULL AS added, a.deliverable_id IS NULL AS removed
    FROM records_at('deliverables', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('deliverables', $to_id, $committee_id, $compared) a USING (deliverable_id)
),
changes AS (
    SELECT
        deliverable_id,
        added,
        removed,
        coalesce(a.committee_id, b.committee_id) AS committee_id,
        coalesce(a.reference, b.reference) AS reference,
        unnest(CASE
            WHEN added THEN [{'change': 'added', 'before': NULL, 'after': a.stage}]
            WHEN removed THEN [{'change': 'removed', 'before': b.stage, 'after': NULL}]
            ELSE [
                {
                    'change': CASE
                        WHEN a.stage = '60.60' THEN 'published'
                        WHEN a.stage = '95.99' THEN 'withdrawn'
                        ELSE 'stage_changed'
                    END,
                    'before': b.stage,
                    'after': a.stage
                },
                {'change': 'edition_changed', 'before': b.edition::VARCHAR, 'after': a.edition::VARCHAR},
                {'change': 'title_changed', 'before': b.title, 'after': a.title}
            ]
        END, recursive := true)
    FROM paired
)
SELECT change, committee_id, c.reference AS committee_reference, deliverable_id, changes.reference, before, after
FROM changes
LEFT JOIN pair_committee_references($from_id, $to_id) c USING (committee_id)
WHERE added OR removed OR before IS DISTINCT FROM after
ORDER BY change, committee_id, deliverable_id
