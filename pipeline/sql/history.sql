-- History over the snapshots: views and macros that hold no data and are recreated on every open.
--
-- A series is the complete snapshots of one source_kind and scope, ordered by as_of then snapshot_id.
-- History only ever compares like with like, so every view here is per series (its rows carry
-- source_kind and scope). Partial and failed snapshots never enter a series, and a snapshot that did not
-- set out to collect a table (snapshots.covers) says nothing about that table's records.

CREATE OR REPLACE VIEW complete_snapshots AS
SELECT * FROM snapshots WHERE status = 'complete';

-- The complete snapshots of each series that cover `record_table` (all of them when it is NULL),
-- with their neighbours in the series: only these can tell that a record has gone.
CREATE OR REPLACE MACRO series_snapshots(record_table) AS TABLE
SELECT
    snapshot_id,
    source_kind,
    scope,
    as_of,
    row_number() OVER series AS series_position,
    lag(snapshot_id) OVER series AS previous_snapshot_id,
    lead(snapshot_id) OVER series AS next_snapshot_id,
    lead(as_of) OVER series AS next_as_of
FROM snapshots
WHERE status = 'complete' AND (record_table IS NULL OR list_contains(covers, record_table))
WINDOW series AS (PARTITION BY source_kind, scope ORDER BY as_of, snapshot_id);

CREATE OR REPLACE VIEW latest_snapshots AS
SELECT s.*, series.series_position
FROM snapshots s
JOIN series_snapshots(NULL) series USING (snapshot_id)
WHERE series.next_snapshot_id IS NULL;

-- The rows of `record_table` from the latest complete snapshot covering it on or before `on_date`, per series.
CREATE OR REPLACE MACRO records_as_of(record_table, on_date) AS TABLE
SELECT chosen.source_kind, chosen.scope, chosen.as_of, r.*
FROM query_table(record_table) r
JOIN (
    SELECT source_kind, scope, max_by(snapshot_id, series_position) AS snapshot_id, max(as_of) AS as_of
    FROM series_snapshots(record_table)
    WHERE as_of <= on_date
    GROUP BY source_kind, scope
) chosen USING (snapshot_id);

-- latest_<table> for every record table: pipeline/sql/latest_records.sql, created per table by pipeline/store.py.

-- The latest label known for each committee and member body, from any snapshot that holds records.
CREATE OR REPLACE VIEW committee_labels AS
SELECT committee_id, arg_max(c.reference, (s.as_of, s.snapshot_id)) AS reference
FROM committees c JOIN snapshots s USING (snapshot_id)
GROUP BY committee_id;

CREATE OR REPLACE VIEW member_body_labels AS
SELECT
    member_id,
    arg_max(b.acronym, (s.as_of, s.snapshot_id)) AS acronym,
    arg_max(b.country, (s.as_of, s.snapshot_id)) AS country,
    list(DISTINCT b.acronym ORDER BY b.acronym) AS acronyms
FROM member_bodies b JOIN snapshots s USING (snapshot_id)
GROUP BY member_id;

-- What a history tracks of each record: its identity plus the state whose change starts a new period
-- (labels such as partner_label are left out, so relabelling does not split a period).
CREATE OR REPLACE VIEW membership_facts AS
SELECT snapshot_id, {'committee_id': committee_id, 'member_id': member_id, 'status': status} AS fact
FROM memberships;

CREATE OR REPLACE VIEW liaison_facts AS
SELECT
    snapshot_id,
    {
        'committee_id': committee_id,
        'partner_kind': partner_kind,
        'partner_id': partner_id,
        'direction': direction,
        'category': category
    } AS fact
FROM liaisons;

-- Gaps and islands: the runs of consecutive series snapshots in which the same fact was seen.
-- A period is valid from the as_of of its first snapshot up to, excluding, the as_of of the first
-- snapshot of the series without it (NULL while the latest snapshot still has it).
-- Most facts are seen in one unbroken run, whose ends are just its first and last position (a GROUP BY);
-- only the facts seen with gaps are numbered with a window to split them into islands, which keeps a
-- year of weekly snapshots of every committee fast (benchmarks/bench_history.py).
CREATE OR REPLACE MACRO fact_periods(record_table, facts_view) AS TABLE
WITH series AS (
    SELECT *, dense_rank() OVER (ORDER BY source_kind, scope) AS series_number
    FROM series_snapshots(record_table)
),
observed AS (
    SELECT s.series_number, s.series_position, f.fact
    FROM query_table(facts_view) f
    JOIN series s USING (snapshot_id)
),
runs AS (
    SELECT
        series_number,
        fact,
        min(series_position) AS first_position,
        max(series_position) AS last_position,
        count(*) = max(series_position) - min(series_position) + 1 AS unbroken
    FROM observed
    GROUP BY series_number, fact
),
islands AS (
    SELECT series_number, fact, min(series_position) AS first_position, max(series_position) AS last_position
    FROM (
        SELECT
            o.*,
            series_position - row_number() OVER (PARTITION BY series_number, fact ORDER BY series_position) AS island
        FROM observed o
        SEMI JOIN (FROM runs WHERE NOT unbroken) broken USING (series_number, fact)
    )
    GROUP BY series_number, fact, island
),
periods AS (
    SELECT series_number, fact, first_position, last_position FROM runs WHERE unbroken
    UNION ALL
    FROM islands
)
SELECT
    opening.source_kind,
    opening.scope,
    p.fact,
    opening.as_of AS valid_from,
    closing.next_as_of AS valid_to,
    closing.next_snapshot_id IS NULL AS is_current,
    opening.snapshot_id AS first_snapshot_id,
    closing.snapshot_id AS last_snapshot_id,
    closing.next_snapshot_id AS ended_by_snapshot_id
FROM periods p
JOIN series opening ON opening.series_number = p.series_number AND opening.series_position = p.first_position
JOIN series closing ON closing.series_number = p.series_number AND closing.series_position = p.last_position;

CREATE OR REPLACE VIEW membership_history AS
SELECT
    source_kind, scope, unnest(fact), valid_from, valid_to, is_current,
    first_snapshot_id, last_snapshot_id, ended_by_snapshot_id
FROM fact_periods('memberships', 'membership_facts');

CREATE OR REPLACE VIEW liaison_history AS
SELECT
    source_kind, scope, unnest(fact), valid_from, valid_to, is_current,
    first_snapshot_id, last_snapshot_id, ended_by_snapshot_id
FROM fact_periods('liaisons', 'liaison_facts');

-- Whether a period [period_from, period_to) holds on `on_date`.
CREATE OR REPLACE MACRO holds_on(period_from, period_to, on_date) AS
    period_from <= on_date AND (period_to IS NULL OR on_date < period_to);

CREATE OR REPLACE MACRO memberships_as_of(on_date) AS TABLE
FROM membership_history WHERE holds_on(valid_from, valid_to, on_date);

CREATE OR REPLACE MACRO liaisons_as_of(on_date) AS TABLE
FROM liaison_history WHERE holds_on(valid_from, valid_to, on_date);

-- The members of one committee on a date, labelled from the member bodies known at that date.
CREATE OR REPLACE MACRO members_as_of(committee, on_date) AS TABLE
SELECT
    m.source_kind, m.scope, m.committee_id, m.member_id, b.acronym, b.country, m.status, m.valid_from, m.valid_to
FROM memberships_as_of(on_date) m
LEFT JOIN records_as_of('member_bodies', on_date) b USING (source_kind, scope, member_id)
WHERE m.committee_id = committee;

-- Helpers for the diff queries (pipeline/sql/diff_*.sql), which compare two named snapshots.

-- The rows of a committee-keyed table in one snapshot, for one committee when `committee` is set;
-- none unless the table is in `compared` (the tables both snapshots set out to collect).
CREATE OR REPLACE MACRO records_at(record_table, snapshot, committee, compared) AS TABLE
SELECT * EXCLUDE (snapshot_id)
FROM query_table(record_table)
WHERE snapshot_id = snapshot
    AND (committee IS NULL OR committee_id = committee)
    AND list_contains(compared, record_table);

-- A label from the snapshot where the thing is seen (the earlier one when it is gone), else from the other.
CREATE OR REPLACE MACRO label_where_seen(gone, before_label, after_label) AS
    CASE WHEN gone THEN coalesce(before_label, after_label) ELSE coalesce(after_label, before_label) END;

-- A committee's reference in the later of two snapshots, else in the earlier one.
CREATE OR REPLACE MACRO pair_committee_references(before_snapshot, after_snapshot) AS TABLE
SELECT committee_id, arg_max(reference, snapshot_id = after_snapshot) AS reference
FROM committees
WHERE snapshot_id IN (before_snapshot, after_snapshot)
GROUP BY committee_id;

-- Member body labels of two snapshots side by side.
CREATE OR REPLACE MACRO pair_member_labels(before_snapshot, after_snapshot) AS TABLE
SELECT
    member_id,
    b.acronym AS before_acronym, a.acronym AS after_acronym,
    b.country AS before_country, a.country AS after_country
FROM (FROM member_bodies WHERE snapshot_id = before_snapshot) b
FULL JOIN (FROM member_bodies WHERE snapshot_id = after_snapshot) a USING (member_id);
