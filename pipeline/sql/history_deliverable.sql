-- A document's stages over time: its row in every snapshot whose deliverables part for its committee is
-- complete, per source. $deliverable is an id, or a reference as any snapshot spelled it (any case).
WITH named AS (
    SELECT DISTINCT deliverable_id
    FROM deliverables
    WHERE deliverable_id::VARCHAR = $deliverable OR upper(reference) = upper($deliverable)
)
SELECT
    d.deliverable_id,
    d.reference,
    coalesce(c.reference, d.committee_id::VARCHAR) AS committee,
    p.source_kind,
    p.as_of,
    d.snapshot_id,
    d.status,
    d.stage,
    d.edition,
    d.publication_date
FROM deliverables_by_part d
SEMI JOIN named USING (deliverable_id)
JOIN part_series p
    ON p.snapshot_id = d.snapshot_id
    AND p.record_table = 'deliverables'
    AND (p.committee_id IS NULL OR p.committee_id = d.part_committee)
LEFT JOIN committee_labels c ON c.committee_id = d.committee_id
ORDER BY d.deliverable_id, p.source_kind, p.as_of, d.snapshot_id
