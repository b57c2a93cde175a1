-- Each committee whose work programme both sources hold: the latest complete site part of its deliverables, and
-- the complete Open Data snapshot holding its documents (its own part, or the dataset whole) nearest in date
-- (ties go to the earlier).
WITH site AS (
    SELECT series_committee AS committee_id, max_by(snapshot_id, series_position) AS site_snapshot_id,
        max(as_of) AS site_as_of
    FROM series_snapshots('deliverables')
    WHERE source_kind = 'site' AND ($committee_id IS NULL OR series_committee = $committee_id)
    GROUP BY series_committee
),
opendata AS (
    SELECT s.snapshot_id, s.as_of, s.series_committee
    FROM series_snapshots('deliverables') s
    WHERE s.source_kind = 'opendata'
),
pairs AS (
    SELECT
        site.committee_id, site.site_snapshot_id, site.site_as_of,
        arg_min(o.snapshot_id, (abs(o.as_of - site.site_as_of), o.as_of, o.snapshot_id)) AS opendata_snapshot_id,
        arg_min(o.as_of, (abs(o.as_of - site.site_as_of), o.as_of, o.snapshot_id)) AS opendata_as_of
    FROM site
    JOIN opendata o ON o.series_committee IS NULL OR o.series_committee = site.committee_id
    GROUP BY ALL
)
SELECT p.*, coalesce(l.reference, p.committee_id::VARCHAR) AS reference
FROM pairs p
LEFT JOIN committee_labels l USING (committee_id)
ORDER BY reference, committee_id
