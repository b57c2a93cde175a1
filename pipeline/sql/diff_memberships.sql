-- Seats taken, given up, and switched between P and O, between snapshots $from_id and $to_id,
-- labelled with the member's acronym and country and the committee's reference.
WITH changes AS (
    SELECT
        committee_id,
        member_id,
        b.status AS before_status,
        a.status AS after_status,
        CASE
            WHEN b.status IS NULL THEN 'joined'
            WHEN a.status IS NULL THEN 'left'
            WHEN b.status = 'P' THEN 'p_to_o'
            ELSE 'o_to_p'
        END AS change
    FROM records_at('memberships', $from_id, $committee_id, $compared) b
    FULL JOIN records_at('memberships', $to_id, $committee_id, $compared) a USING (committee_id, member_id)
    WHERE b.status IS DISTINCT FROM a.status
)
SELECT
    change,
    committee_id,
    c.reference AS committee_reference,
    member_id,
    label_where_seen(change = 'left', m.before_acronym, m.after_acronym) AS acronym,
    label_where_seen(change = 'left', m.before_country, m.after_country) AS country,
    before_status,
    after_status
FROM changes
LEFT JOIN pair_committee_references($from_id, $to_id) c USING (committee_id)
LEFT JOIN pair_member_labels($from_id, $to_id) m USING (member_id)
ORDER BY ALL
