-- The documents of each committee in `reconcile_deliverable_pairs` (registered by pipeline/reconcile.py) that the
-- site and Open Data state differently: on one side only (the other stage NULL), or at different stages.
WITH site AS (
    SELECT p.committee_id, d.deliverable_id, d.reference, d.stage
    FROM reconcile_deliverable_pairs p
    JOIN deliverables_by_part d ON d.snapshot_id = p.site_snapshot_id AND d.part_committee = p.committee_id
),
opendata AS (
    SELECT p.committee_id, d.deliverable_id, d.reference, d.stage
    FROM reconcile_deliverable_pairs p
    JOIN deliverables d ON d.snapshot_id = p.opendata_snapshot_id AND d.committee_id = p.committee_id
)
SELECT
    committee_id,
    deliverable_id,
    coalesce(site.reference, opendata.reference) AS reference,
    site.stage AS site_stage,
    opendata.stage AS opendata_stage
FROM site
FULL JOIN opendata USING (committee_id, deliverable_id)
WHERE site.stage IS DISTINCT FROM opendata.stage
ORDER BY committee_id, reference, deliverable_id
