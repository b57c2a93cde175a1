-- The periods of {table} (facts from {table}_facts) in the series named in the registered `rebuilt_series`,
-- laid out again from their definition (fact_periods, pipeline/sql/history.sql) once part_series is.
DELETE FROM {table}_periods
WHERE EXISTS (
    SELECT 1 FROM rebuilt_series r
    WHERE r.record_table = '{table}'
        AND r.source_kind = {table}_periods.source_kind
        AND r.committee_id IS NOT DISTINCT FROM {table}_periods.series_committee
);

INSERT INTO {table}_periods BY NAME
SELECT f.*
FROM fact_periods('{table}') f
WHERE EXISTS (
    SELECT 1 FROM rebuilt_series r
    WHERE r.record_table = '{table}'
        AND r.source_kind = f.source_kind
        AND r.committee_id IS NOT DISTINCT FROM f.series_committee
);
