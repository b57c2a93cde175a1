-- The work programme of each committee in `report_committees`: its documents under development, from the
-- same source's latest complete part, furthest along first.
SELECT d.committee_id, d.deliverable_id, d.reference, d.title, d.stage
FROM latest_deliverables d
JOIN report_committees c USING (source_kind, committee_id)
WHERE d.status = 'under_development'
ORDER BY d.committee_id, d.stage DESC, d.reference
