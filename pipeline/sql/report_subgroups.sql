-- The subgroups of each committee in `report_committees`, from its snapshot.
SELECT s.committee_id, s.reference, s.title, s.type
FROM latest_subgroups s
JOIN report_committees c USING (snapshot_id, committee_id)
ORDER BY s.committee_id, s.reference
