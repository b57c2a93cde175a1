-- The committees `casco report` shows, each from the newest complete snapshot holding it (the site's on a tie,
-- for it states officers, subgroups and countries): the ids asked for ($committee_ids), else every committee
-- in the latest complete site data, else $default_committee.
WITH wanted AS (
    SELECT unnest(coalesce(
        $committee_ids::BIGINT[],
        (SELECT list(DISTINCT committee_id) FROM latest_committees WHERE source_kind = 'site'),
        [$default_committee::BIGINT]
    )) AS committee_id
)
SELECT c.*, coalesce(b.acronym, c.secretariat_member_id::VARCHAR) AS secretariat
FROM latest_committees c
SEMI JOIN wanted USING (committee_id)
LEFT JOIN member_body_labels b ON b.member_id = c.secretariat_member_id
QUALIFY row_number() OVER (
    PARTITION BY c.committee_id ORDER BY c.as_of DESC, c.source_kind = 'site' DESC, c.snapshot_id DESC
) = 1
ORDER BY c.reference, c.committee_id
