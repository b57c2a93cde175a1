-- The subgroups of each committee in `report_committees`, from the same source's latest complete part.
SELECT s.committee_id, s.reference, s.title, s.type
FROM latest_subgroups s
JOIN report_committees c USING (source_kind, committee_id)
ORDER BY s.committee_id, s.reference
