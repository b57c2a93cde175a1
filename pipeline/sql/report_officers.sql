-- The officers of each committee in `report_committees` (registered by casco_watch/publishing/report.py), from the same source's latest complete part.
SELECT o.committee_id, o.role, o.name, o.term
FROM latest_officers o
JOIN report_committees c USING (source_kind, committee_id)
ORDER BY
    o.committee_id,
    list_position(['chairperson', 'vice_chair', 'secretary', 'committee_manager',
                   'technical_programme_manager', 'editorial_manager'], o.role),
    o.name
