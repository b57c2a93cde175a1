-- Liaisons between snapshots $from_id and $to_id: added, removed, category changed; and when a partner
-- kept exactly one liaison with the committee but in another direction, direction changed.
WITH paired AS (
    SELECT
        committee_id,
        partner_kind,
        partner_id,
        direction,
        b.category AS before_category,
        a.category AS after_category,
        coalesce(a.partner_label, b.partner_label) AS partner,
        b.direction IS NULL AS added,
        a.direction IS NULL AS removed
    FROM records_at('liaisons', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('liaisons', $to_id, $committee_id, $compared) a
        USING (committee_id, partner_kind, partner_id, direction)
    WHERE b.direction IS NULL OR a.direction IS NULL OR b.category IS DISTINCT FROM a.category
),
partners AS (
    SELECT
        *,
        (added OR removed)
            AND count(*) FILTER (removed) OVER partner = 1
            AND count(*) FILTER (added) OVER partner = 1 AS turned
    FROM paired
    WINDOW partner AS (PARTITION BY committee_id, partner_kind, partner_id)
),
changes AS (
    SELECT
        CASE WHEN added THEN 'added' WHEN removed THEN 'removed' ELSE 'category_changed' END AS change,
        committee_id, partner_kind, partner_id, partner,
        CASE WHEN NOT added THEN direction END AS before_direction,
        CASE WHEN NOT removed THEN direction END AS after_direction,
        before_category,
        after_category
    FROM partners
    WHERE NOT turned
    UNION ALL
    SELECT
        'direction_changed',
        committee_id, partner_kind, partner_id,
        max(partner) FILTER (added),
        max(direction) FILTER (removed),
        max(direction) FILTER (added),
        max(before_category),
        max(after_category)
    FROM partners
    WHERE turned
    GROUP BY committee_id, partner_kind, partner_id
)
SELECT
    change,
    committee_id,
    c.reference AS committee_reference,
    partner_kind,
    partner_id,
    partner,
    before_direction,
    after_direction,
    before_category,
    after_category
FROM changes
LEFT JOIN pair_committee_references($from_id, $to_id) c USING (committee_id)
ORDER BY ALL
