-- casco-watch storage, schema version 5 (pipeline/sql/upgrade_*.sql bring older files here step by step).
-- One crawl is one row of `snapshots`; every record table is keyed by
-- snapshot_id plus ISO's numeric ids, never by labels. A record table's CHECKs hold exactly the values its
-- model's Literal types allow (tests/pipeline/test_store.py derives its test from the models), and every CHECK
-- holds exactly the values of its column's StrEnum or Literal (tests/schemas/test_vocabulary.py).

CREATE TABLE IF NOT EXISTS casco_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_id     INTEGER PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ NOT NULL,
    as_of           DATE NOT NULL,
    source_kind     VARCHAR NOT NULL CHECK (source_kind IN ('site', 'opendata')),
    source          VARCHAR NOT NULL,   -- base URL of the site, or the dataset URL / path
    scope           VARCHAR NOT NULL,   -- what the crawl set out to collect; diffs compare like with like
    covers          VARCHAR[] NOT NULL, -- record tables the crawl was meant to fill
    spiders         VARCHAR[] NOT NULL,
    status          VARCHAR NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
    reasons         VARCHAR[] NOT NULL,
    pages_by_status JSON NOT NULL,      -- {"200": 151, "404": 1}
    records         JSON NOT NULL,      -- valid records stored, per record type
    rejected        JSON NOT NULL,      -- rejected records, per record type
    tool_version    VARCHAR NOT NULL,
    archive         VARCHAR,            -- the crawl's raw HTTP exchanges (.warc.gz), when kept
    derived_from    INTEGER,            -- the snapshot a replay or re-parse was made from
    derivation      VARCHAR CHECK (derivation IN ('replay', 'reparse')),
    content_digest  VARCHAR             -- digest of what was read (a dataset file), to recognise a repeat
);

-- How complete each part of a snapshot is: one row per record table and committee it set out to
-- collect (committee_id NULL: the table as a whole, e.g. member_bodies, or every committee of a dataset).
-- History, latest_* and default diffs use, per table and committee, only the parts that are complete.
CREATE TABLE IF NOT EXISTS snapshot_parts (
    snapshot_id  INTEGER NOT NULL,
    record_table VARCHAR NOT NULL,
    committee_id BIGINT,
    status       VARCHAR NOT NULL CHECK (status IN ('complete', 'partial', 'suspect')),
    reasons      VARCHAR[] NOT NULL
);

-- The series kept as it is written: each part in force (parts_in_force, pipeline/sql/history.sql, the one
-- definition) with its place in its series (source_kind, table, committee; NULL: the table whole), its
-- neighbours, and whether a diff with the previous one can find anything in it (part_changed, history.sql).
-- pipeline/series.py appends a written snapshot's parts and rebuilds only the series a re-read, an acceptance
-- or an out-of-order date changes, so history questions and the default diff's pairs are lookups.
CREATE TABLE IF NOT EXISTS part_series (
    source_kind          VARCHAR NOT NULL,
    record_table         VARCHAR NOT NULL,
    committee_id         BIGINT,
    snapshot_id          INTEGER NOT NULL,
    as_of                DATE NOT NULL,
    series_position      INTEGER NOT NULL,
    previous_snapshot_id INTEGER,
    next_snapshot_id     INTEGER,
    next_as_of           DATE,
    changed              BOOLEAN            -- NULL for the first of its series
);

-- What each part of a snapshot holds, as one digest of its rows, written with them (pipeline/digests.py): a row
-- per snapshot, record table and committee with rows (committee_id NULL: a table kept whole). A part whose
-- digest is the same in two snapshots holds the same rows in both, so a diff need not read it; a part with
-- no rows has no digest.
CREATE TABLE IF NOT EXISTS part_digests (
    snapshot_id  INTEGER NOT NULL,
    record_table VARCHAR NOT NULL,
    committee_id BIGINT,
    digest       VARCHAR NOT NULL
);

-- Every page a crawl read or lost, with where its raw copy sits in the snapshot's archive (schemas.PageRow).
CREATE TABLE IF NOT EXISTS pages (
    snapshot_id    INTEGER NOT NULL,
    url            VARCHAR NOT NULL,
    page_kind      VARCHAR NOT NULL CHECK (page_kind IN (
        'committee', 'participation', 'member', 'organization', 'catalogue', 'standard', 'dataset',
        'deliverables_dataset'
    )),
    subject_id     BIGINT,
    http_status    INTEGER,
    outcome        VARCHAR NOT NULL CHECK (outcome IN ('parsed', 'lost')),
    reason         VARCHAR,            -- why a page was lost, in words, with the details
    warc_record_id VARCHAR,
    payload_digest VARCHAR,
    challenge      VARCHAR,            -- the bot wall (vendor) whose JavaScript challenge answered instead of the page
    cause          VARCHAR CHECK (cause IN (  -- why a page was lost, as a value (schemas.LossCause)
        'challenge', 'refused', 'not_found', 'throttled', 'server_error', 'http_error', 'retry_after_too_long',
        'time_limit', 'no_network', 'connection_refused', 'timeout', 'unreachable', 'connection_lost', 'too_large',
        'redirect_off_site', 'redirect_loop', 'unreadable', 'layout', 'undated', 'not_in_capture', 'not_in_archive',
        'dropped', 'other'
    ))
);

CREATE TABLE IF NOT EXISTS committees (
    snapshot_id                 INTEGER NOT NULL,
    committee_id                BIGINT NOT NULL,
    reference                   VARCHAR NOT NULL,
    title                       VARCHAR NOT NULL,
    status                      VARCHAR NOT NULL CHECK (status IN ('active', 'suspended', 'standby')),
    parent_id                   BIGINT,
    secretariat_member_id       BIGINT,
    creation_date               DATE,
    creation_year               INTEGER,
    scope                       VARCHAR,
    published_standards         INTEGER,
    standards_under_development INTEGER,
    participating_members       INTEGER,
    observing_members           INTEGER,
    PRIMARY KEY (snapshot_id, committee_id)
);

CREATE TABLE IF NOT EXISTS officers (
    snapshot_id  INTEGER NOT NULL,
    committee_id BIGINT NOT NULL,
    role         VARCHAR NOT NULL CHECK (role IN (
        'chairperson', 'vice_chair', 'secretary', 'committee_manager', 'technical_programme_manager',
        'editorial_manager'
    )),
    name         VARCHAR NOT NULL,
    term         VARCHAR,
    PRIMARY KEY (snapshot_id, committee_id, role, name)
);

CREATE TABLE IF NOT EXISTS subgroups (
    snapshot_id  INTEGER NOT NULL,
    committee_id BIGINT NOT NULL,
    reference    VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    type         VARCHAR NOT NULL CHECK (type IN (
        'subcommittee', 'working_group', 'joint_working_group', 'ad_hoc_group', 'advisory_group', 'task_force'
    )),
    subgroup_id  BIGINT,
    PRIMARY KEY (snapshot_id, committee_id, reference)
);

CREATE TABLE IF NOT EXISTS member_bodies (
    snapshot_id     INTEGER NOT NULL,
    member_id       BIGINT NOT NULL,
    acronym         VARCHAR NOT NULL,
    name            VARCHAR,
    country         VARCHAR,
    membership_type VARCHAR CHECK (membership_type IN ('member_body', 'correspondent_member', 'subscriber_member')),
    address         VARCHAR,
    website         VARCHAR,
    PRIMARY KEY (snapshot_id, member_id)
);

CREATE TABLE IF NOT EXISTS memberships (
    snapshot_id    INTEGER NOT NULL,
    committee_id   BIGINT NOT NULL,
    member_id      BIGINT NOT NULL,
    status         VARCHAR(1) NOT NULL CHECK (status IN ('P', 'O')),
    is_secretariat BOOLEAN NOT NULL,
    PRIMARY KEY (snapshot_id, committee_id, member_id)
);

CREATE TABLE IF NOT EXISTS liaisons (
    snapshot_id   INTEGER NOT NULL,
    committee_id  BIGINT NOT NULL,
    partner_kind  VARCHAR NOT NULL CHECK (partner_kind IN ('committee', 'organization')),
    partner_id    BIGINT NOT NULL,
    partner_label VARCHAR,
    direction     VARCHAR NOT NULL CHECK (direction IN ('to', 'from', 'unspecified')),
    category      VARCHAR CHECK (category IN ('A', 'B', 'C', 'D')),
    PRIMARY KEY (snapshot_id, committee_id, partner_kind, partner_id, direction)
);

CREATE TABLE IF NOT EXISTS organizations (
    snapshot_id     INTEGER NOT NULL,
    organization_id BIGINT NOT NULL,
    acronym         VARCHAR NOT NULL,
    name            VARCHAR,
    country         VARCHAR,
    PRIMARY KEY (snapshot_id, organization_id)
);

-- A committee's standards and projects; stage is ISO's harmonized stage code "NN.NN" (schemas/stages.py),
-- publication_date the first day of the month given, replaces / replaced_by the ids of other deliverables.
CREATE TABLE IF NOT EXISTS deliverables (
    snapshot_id      INTEGER NOT NULL,
    deliverable_id   BIGINT NOT NULL,
    committee_id     BIGINT NOT NULL,
    reference        VARCHAR NOT NULL,
    title            VARCHAR,
    status           VARCHAR NOT NULL CHECK (status IN ('published', 'under_development', 'withdrawn', 'deleted')),
    stage            VARCHAR,
    edition          INTEGER,
    pages            INTEGER,
    publication_date DATE,
    replaces         BIGINT[],
    replaced_by      BIGINT[],
    PRIMARY KEY (snapshot_id, deliverable_id)
);

CREATE TABLE IF NOT EXISTS rejects (
    snapshot_id  INTEGER NOT NULL,
    record_type  VARCHAR NOT NULL,
    source_url   VARCHAR,
    line_number  BIGINT,
    payload      JSON NOT NULL,
    errors       VARCHAR[] NOT NULL
);
