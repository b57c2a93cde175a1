-- Each committee that both sources list members of, with the two snapshots `casco reconcile` compares:
-- the latest complete site snapshot holding its memberships (latest_memberships), and the complete Open Data
-- snapshot nearest in date to that one (ties go to the earlier). `compares_liaisons`: both snapshots hold the
-- committee's liaisons complete, so a liaison missing on one side means something.
WITH site AS (
    SELECT
        committee_id,
        arg_max(snapshot_id, (as_of, snapshot_id)) AS site_snapshot_id,
        max(as_of) AS site_as_of
    FROM latest_memberships
    WHERE source_kind = 'site' AND ($committee_id IS NULL OR committee_id = $committee_id)
    GROUP BY committee_id
),
opendata AS (
    SELECT DISTINCT s.snapshot_id, s.as_of, m.committee_id
    FROM series_snapshots('memberships') s
    JOIN memberships m USING (snapshot_id)
    WHERE s.source_kind = 'opendata' AND ($committee_id IS NULL OR m.committee_id = $committee_id)
),
pairs AS (
    SELECT
        site.committee_id,
        site.site_snapshot_id,
        site.site_as_of,
        arg_min(o.snapshot_id, (abs(o.as_of - site.site_as_of), o.as_of, o.snapshot_id)) AS opendata_snapshot_id,
        arg_min(o.as_of, (abs(o.as_of - site.site_as_of), o.as_of, o.snapshot_id)) AS opendata_as_of
    FROM site
    JOIN opendata o USING (committee_id)
    GROUP BY ALL
)
SELECT
    p.committee_id,
    coalesce(l.reference, p.committee_id::VARCHAR) AS reference,
    p.site_snapshot_id,
    p.site_as_of,
    p.opendata_snapshot_id,
    p.opendata_as_of,
    (
        SELECT count(DISTINCT c.snapshot_id) = 2
        FROM part_series c
        WHERE c.record_table = 'liaisons'
            AND c.snapshot_id IN (p.site_snapshot_id, p.opendata_snapshot_id)
            AND (c.committee_id IS NULL OR c.committee_id = p.committee_id)
    ) AS compares_liaisons
FROM pairs p
LEFT JOIN committee_labels l USING (committee_id)
ORDER BY reference, committee_id
