-- Schema 1 -> 2: snapshot provenance columns, per-part completeness, the pages table.
-- Parts of a version 1 snapshot: each table it covered, per committee its scope named
-- (site:committees=54998,45086:...) or as a whole (Open Data, member bodies, organizations), with its status.
ALTER TABLE snapshots ADD COLUMN archive VARCHAR;
ALTER TABLE snapshots ADD COLUMN derived_from INTEGER;
ALTER TABLE snapshots ADD COLUMN derivation VARCHAR;
ALTER TABLE snapshots ADD COLUMN content_digest VARCHAR;

CREATE TABLE snapshot_parts (
    snapshot_id  INTEGER NOT NULL,
    record_table VARCHAR NOT NULL,
    committee_id BIGINT,
    status       VARCHAR NOT NULL CHECK (status IN ('complete', 'partial', 'suspect')),
    reasons      VARCHAR[] NOT NULL
);

INSERT INTO snapshot_parts
WITH covered AS (
    SELECT
        snapshot_id, status, reasons, unnest(covers) AS record_table,
        CASE WHEN source_kind = 'site'
            THEN string_split(regexp_extract(scope, 'committees=([0-9,]+)', 1), ',')
        END AS committees
    FROM snapshots
    WHERE status <> 'failed'
)
SELECT snapshot_id, record_table, committee::BIGINT, status, reasons
FROM covered, unnest(
    CASE WHEN committees IS NULL OR record_table IN ('member_bodies', 'organizations') THEN [NULL] ELSE committees END
) AS c(committee);
