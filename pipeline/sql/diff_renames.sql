-- Member bodies and organizations whose acronym or name changed under the same id, between snapshots
-- $from_id and $to_id; with $committee_id, only those seated in or liaised with that committee.
WITH labels AS (
    SELECT 'member_body' AS kind, snapshot_id, member_id AS id, acronym, name
    FROM member_bodies
    WHERE list_position($compared, {'table': 'member_bodies', 'committee_id': NULL::BIGINT}) IS NOT NULL
    UNION ALL
    SELECT 'organization', snapshot_id, organization_id, acronym, name
    FROM organizations
    WHERE list_position($compared, {'table': 'organizations', 'committee_id': NULL::BIGINT}) IS NOT NULL
),
involved AS (
    SELECT 'member_body' AS kind, member_id AS id
    FROM memberships
    WHERE snapshot_id IN ($from_id, $to_id) AND committee_id = $committee_id
    UNION
    SELECT 'member_body', secretariat_member_id
    FROM committees
    WHERE snapshot_id IN ($from_id, $to_id) AND committee_id = $committee_id
    UNION
    SELECT 'organization', partner_id
    FROM liaisons
    WHERE snapshot_id IN ($from_id, $to_id) AND committee_id = $committee_id AND partner_kind = 'organization'
)
SELECT
    'renamed' AS change,
    kind,
    id,
    b.acronym AS before_acronym,
    a.acronym AS after_acronym,
    b.name AS before_name,
    a.name AS after_name
FROM (FROM labels WHERE snapshot_id = $from_id) b
JOIN (FROM labels WHERE snapshot_id = $to_id) a USING (kind, id)
WHERE (b.acronym IS DISTINCT FROM a.acronym OR b.name IS DISTINCT FROM a.name)
    AND ($committee_id IS NULL OR (kind, id) IN (SELECT (kind, id) FROM involved))
ORDER BY ALL
