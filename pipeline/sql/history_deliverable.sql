-- A document's stages over time: its kept periods (deliverable_history), per source; each runs from the first
-- complete snapshot with that status, stage, edition, title, reference and publication date to, excluding,
-- the first without (`valid_to` NULL while it holds). $deliverable is an id, or a reference the document had in
-- a complete snapshot (any case).
WITH named AS (
    SELECT DISTINCT deliverable_id
    FROM deliverable_history
    WHERE deliverable_id::VARCHAR = $deliverable OR upper(reference) = upper($deliverable)
)
SELECT
    h.deliverable_id,
    h.reference,
    coalesce(c.reference, h.committee_id::VARCHAR) AS committee,
    h.source_kind,
    h.status,
    h.stage,
    h.edition,
    h.publication_date,
    h.valid_from,
    h.valid_to,
    h.is_current
FROM deliverable_history h
SEMI JOIN named USING (deliverable_id)
LEFT JOIN committee_labels c ON c.committee_id = h.committee_id
ORDER BY h.deliverable_id, h.source_kind, h.valid_from, h.committee_id
