-- The seats of each committee in `reconcile_pairs` (registered by pipeline/reconcile.py) that the two sources
-- state differently: on one side only (the other status NULL), or P on one side and O on the other.
WITH site AS (
    SELECT m.committee_id, m.member_id, m.status
    FROM latest_memberships m
    JOIN reconcile_pairs p ON m.snapshot_id = p.site_snapshot_id AND m.committee_id = p.committee_id
),
opendata AS (
    SELECT m.committee_id, m.member_id, m.status
    FROM memberships m
    JOIN reconcile_pairs p ON m.snapshot_id = p.opendata_snapshot_id AND m.committee_id = p.committee_id
)
SELECT
    committee_id,
    member_id,
    coalesce(l.acronym, member_id::VARCHAR) AS acronym,
    site.status AS site_status,
    opendata.status AS opendata_status
FROM site
FULL JOIN opendata USING (committee_id, member_id)
LEFT JOIN member_body_labels l USING (member_id)
WHERE site.status IS DISTINCT FROM opendata.status
ORDER BY committee_id, acronym, member_id
