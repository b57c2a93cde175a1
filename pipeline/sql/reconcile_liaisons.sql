-- The liaison partners of each committee in `reconcile_pairs` that only one source names. Open Data states no
-- direction or category, so a partner is matched by (partner_kind, partner_id) alone; the site's "to" and
-- "from" rows of one partner are one partner here.
WITH site AS (
    SELECT l.committee_id, l.partner_kind, l.partner_id, max(l.partner_label) AS partner_label
    FROM latest_liaisons l
    JOIN reconcile_pairs p ON l.snapshot_id = p.site_snapshot_id AND l.committee_id = p.committee_id
    WHERE p.compares_liaisons
    GROUP BY ALL
),
opendata AS (
    SELECT l.committee_id, l.partner_kind, l.partner_id, max(l.partner_label) AS partner_label
    FROM liaisons l
    JOIN reconcile_pairs p ON l.snapshot_id = p.opendata_snapshot_id AND l.committee_id = p.committee_id
    WHERE p.compares_liaisons
    GROUP BY ALL
)
SELECT
    committee_id,
    partner_kind,
    partner_id,
    coalesce(site.partner_label, opendata.partner_label) AS partner_label,
    site.partner_id IS NOT NULL AS on_site,
    opendata.partner_id IS NOT NULL AS in_opendata
FROM site
FULL JOIN opendata USING (committee_id, partner_kind, partner_id)
WHERE site.partner_id IS NULL OR opendata.partner_id IS NULL
ORDER BY committee_id, partner_kind, partner_id
