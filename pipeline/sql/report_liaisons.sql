-- The liaisons of each committee in `report_committees`, from the same source's latest complete part, labelled by the latest label known
-- when the snapshot gives none.
SELECT
    l.committee_id,
    l.partner_kind,
    l.partner_id,
    coalesce(l.partner_label, cl.reference, o.acronym, l.partner_id::VARCHAR) AS partner,
    l.direction,
    l.category
FROM latest_liaisons l
JOIN report_committees c USING (source_kind, committee_id)
LEFT JOIN committee_labels cl ON l.partner_kind = 'committee' AND cl.committee_id = l.partner_id
LEFT JOIN latest_organizations o ON l.partner_kind = 'organization' AND o.source_kind = l.source_kind
    AND o.organization_id = l.partner_id
ORDER BY l.committee_id, l.partner_kind, partner, l.direction
