-- The periods of {table} (facts from {table}_facts) after snapshot $snapshot_id, dated $as_of, was appended to its
-- series: a period its previous snapshot held open is extended when the snapshot still holds the fact, and
-- ended on $as_of when it does not; a fact no open period holds starts one.
CREATE OR REPLACE TEMP TABLE appended_facts AS
SELECT w.source_kind, w.committee_id AS series_committee, w.previous_snapshot_id, f.fact
FROM part_series w
JOIN {table}_facts f ON f.snapshot_id = w.snapshot_id AND (w.committee_id IS NULL OR f.part_committee = w.committee_id)
WHERE w.snapshot_id = $snapshot_id AND w.record_table = '{table}';

UPDATE {table}_periods
SET valid_to = $as_of, ended_by_snapshot_id = $snapshot_id
FROM (FROM part_series WHERE snapshot_id = $snapshot_id AND record_table = '{table}') w
WHERE {table}_periods.source_kind = w.source_kind
    AND {table}_periods.series_committee IS NOT DISTINCT FROM w.committee_id
    AND {table}_periods.last_snapshot_id = w.previous_snapshot_id
    AND {table}_periods.ended_by_snapshot_id IS NULL
    AND NOT EXISTS (
        SELECT 1 FROM appended_facts a
        WHERE a.source_kind = {table}_periods.source_kind
            AND a.series_committee IS NOT DISTINCT FROM {table}_periods.series_committee
            AND a.fact IS NOT DISTINCT FROM {table}_periods.fact
    );

UPDATE {table}_periods
SET last_snapshot_id = $snapshot_id
FROM appended_facts a
WHERE {table}_periods.source_kind = a.source_kind
    AND {table}_periods.series_committee IS NOT DISTINCT FROM a.series_committee
    AND {table}_periods.fact IS NOT DISTINCT FROM a.fact
    AND {table}_periods.last_snapshot_id = a.previous_snapshot_id
    AND {table}_periods.ended_by_snapshot_id IS NULL;

INSERT INTO {table}_periods BY NAME
SELECT
    a.source_kind, a.series_committee, a.fact,
    $as_of AS valid_from, $snapshot_id AS first_snapshot_id, $snapshot_id AS last_snapshot_id
FROM appended_facts a
WHERE NOT EXISTS (
    SELECT 1 FROM {table}_periods p
    WHERE p.last_snapshot_id = $snapshot_id
        AND p.source_kind = a.source_kind
        AND p.series_committee IS NOT DISTINCT FROM a.series_committee
        AND p.fact IS NOT DISTINCT FROM a.fact
);

DROP TABLE appended_facts;
