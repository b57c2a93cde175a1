-- The P and O members of each committee in `report_committees`, labelled from the same source's latest member
-- bodies, else from the latest label known (Open Data names no countries; a member whose page a partial crawl
-- did not read keeps its last known name).
SELECT
    m.committee_id,
    m.status,
    m.member_id,
    coalesce(b.acronym, l.acronym, m.member_id::VARCHAR) AS acronym,
    coalesce(b.name, l.name) AS name,
    coalesce(b.country, l.country) AS country,
    m.is_secretariat
FROM latest_memberships m
JOIN report_committees c USING (source_kind, committee_id)
LEFT JOIN latest_member_bodies b USING (source_kind, member_id)
LEFT JOIN member_body_labels l USING (member_id)
ORDER BY m.committee_id, m.status, acronym, m.member_id
