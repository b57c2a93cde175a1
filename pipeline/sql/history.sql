-- History over the snapshots: views and macros that hold no data and are recreated on every open.
--
-- History is kept per part: a record table for one committee, or a table kept whole (member bodies,
-- organizations, and every table of an Open Data dump). A series is the snapshots of one source_kind whose
-- part is complete, ordered by as_of then snapshot_id. A snapshot enters the series of each part it holds
-- complete, whatever else it covered or failed to read, so adding a committee to a crawl never restarts
-- another committee's history, and an unknown officer label never hides a membership change. Site and
-- Open Data snapshots are separate series. Rows of table T carry their part's committee in the view
-- T_by_part (pipeline/sql/part_rows.sql, one per record table).

-- The series, declared once: every part in force, with its snapshot, source and date, the table and
-- committee (NULL: the table whole). A part is in force when it is complete (not partial, not suspect) and
-- not superseded. A snapshot re-read from its archive (a replay or re-parse) supersedes the one it was
-- derived from only in the parts the re-reading holds complete: the same pages read again by today's
-- parsers, so where the re-reading is partial the original's complete part stays in force.
-- Everything that asks which parts count reads this view: history, latest_*, as-of, the default pairs
-- (pipeline/sql/default_pairs.sql), plausibility, reconcile and report.
CREATE OR REPLACE VIEW parts_in_force AS
SELECT p.snapshot_id, s.source_kind, s.as_of, p.record_table, p.committee_id
FROM snapshot_parts p
JOIN snapshots s USING (snapshot_id)
WHERE p.status = 'complete'
    AND NOT EXISTS (
        SELECT 1
        FROM snapshots rereading
        JOIN snapshot_parts reread USING (snapshot_id)
        WHERE rereading.derived_from = p.snapshot_id
            AND reread.status = 'complete'
            AND reread.record_table = p.record_table
            AND (reread.committee_id IS NULL OR reread.committee_id = p.committee_id)
    );

-- The series of every table: parts_in_force ordered, per source_kind, table and committee (NULL: the table
-- whole), by as_of then snapshot_id, with each snapshot's neighbours: only these can tell that a record has
-- gone. pipeline/series.py keeps it written down in `part_series`, from which every question reads it.
CREATE OR REPLACE VIEW series_in_force AS
SELECT
    source_kind, record_table, committee_id, snapshot_id, as_of,
    row_number() OVER series AS series_position,
    lag(snapshot_id) OVER series AS previous_snapshot_id,
    lead(snapshot_id) OVER series AS next_snapshot_id,
    lead(as_of) OVER series AS next_as_of
FROM parts_in_force
WINDOW series AS (PARTITION BY source_kind, record_table, committee_id ORDER BY as_of, snapshot_id);

-- The series of `for_table`, as kept in part_series.
CREATE OR REPLACE MACRO series_snapshots(for_table) AS TABLE
SELECT
    snapshot_id, source_kind, committee_id AS series_committee, as_of, series_position,
    previous_snapshot_id, next_snapshot_id, next_as_of
FROM part_series
WHERE record_table = for_table;

-- The snapshots that are the latest of at least one series.
CREATE OR REPLACE VIEW latest_snapshots AS
FROM snapshots
WHERE snapshot_id IN (
    SELECT snapshot_id
    FROM part_series
    WHERE next_snapshot_id IS NULL
);

-- The rows of `for_table` that stood on `on_date`: for each series, those of its latest snapshot on or
-- before that date (for a committee's series, that committee's rows only).
CREATE OR REPLACE MACRO records_as_of(for_table, on_date) AS TABLE
SELECT chosen.source_kind, chosen.as_of, r.* EXCLUDE (part_committee)
FROM query_table(for_table || '_by_part') r
JOIN (
    SELECT source_kind, series_committee, max_by(snapshot_id, series_position) AS snapshot_id, max(as_of) AS as_of
    FROM series_snapshots(for_table)
    WHERE as_of <= on_date
    GROUP BY source_kind, series_committee
) chosen
    ON r.snapshot_id = chosen.snapshot_id
    AND (chosen.series_committee IS NULL OR r.part_committee = chosen.series_committee);

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
    arg_max(b.name, (s.as_of, s.snapshot_id)) FILTER (b.name IS NOT NULL) AS name,
    list(DISTINCT b.acronym ORDER BY b.acronym) AS acronyms
FROM member_bodies b JOIN snapshots s USING (snapshot_id)
GROUP BY member_id;

-- What a history tracks of each record, <table>_facts: its identity plus the state whose change starts a new
-- period, as the model's `history` names them (pipeline/sql/kept_history.sql, per table).

-- Gaps and islands: the runs of consecutive series snapshots in which the same fact was seen.
-- A period is valid from the as_of of its first snapshot up to, excluding, the as_of of the first
-- snapshot of the series without it (NULL while the latest snapshot still has it).
-- Most facts are seen in one unbroken run, whose ends are just its first and last position (a GROUP BY);
-- only the facts seen with gaps are numbered with a window to split them into islands, which keeps a
-- year of weekly snapshots of every committee fast (benchmarks/bench_history.py).
CREATE OR REPLACE MACRO fact_periods(for_table) AS TABLE
WITH series AS (
    SELECT *, dense_rank() OVER (ORDER BY source_kind, series_committee) AS series_number
    FROM series_snapshots(for_table)
),
observed AS (
    SELECT s.series_number, s.series_position, f.fact
    FROM query_table(for_table || '_facts') f
    JOIN series s
        ON f.snapshot_id = s.snapshot_id AND (s.series_committee IS NULL OR f.part_committee = s.series_committee)
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
    opening.series_committee,
    p.fact,
    opening.as_of AS valid_from,
    closing.next_as_of AS valid_to,
    opening.snapshot_id AS first_snapshot_id,
    closing.snapshot_id AS last_snapshot_id,
    closing.next_snapshot_id AS ended_by_snapshot_id
FROM periods p
JOIN series opening ON opening.series_number = p.series_number AND opening.series_position = p.first_position
JOIN series closing ON closing.series_number = p.series_number AND closing.series_position = p.last_position;

-- The periods of one table as rows: each fact's fields, its dates, and whether it still holds (a period is
-- current while no snapshot of its series has ended it).
CREATE OR REPLACE MACRO periods_of(periods_table) AS TABLE
SELECT
    source_kind, unnest(fact), valid_from, valid_to, ended_by_snapshot_id IS NULL AS is_current,
    first_snapshot_id, last_snapshot_id, ended_by_snapshot_id
FROM query_table(periods_table);

-- Whether a period [period_from, period_to) holds on `on_date`.
CREATE OR REPLACE MACRO holds_on(period_from, period_to, on_date) AS
    period_from <= on_date AND (period_to IS NULL OR on_date < period_to);

-- Helpers for the diff queries (pipeline/sql/diff_*.sql), which compare two named snapshots.

-- The rows of a committee-keyed table in one snapshot, for one committee when `committee` is set; only
-- those of the parts in `compared`, a list of parts {table, committee_id} (pipeline/parts.py; committee_id
-- NULL: the table whole), as pipeline/changes.py lists them.
CREATE OR REPLACE MACRO records_at(for_table, snapshot, committee, compared) AS TABLE
SELECT * EXCLUDE (snapshot_id, part_committee)
FROM query_table(for_table || '_by_part')
WHERE snapshot_id = snapshot
    AND (committee IS NULL OR part_committee = committee)
    -- list_position, not list_contains: DuckDB plans a constant list_contains as an IN join, slower here.
    AND (list_position(compared, {'table': for_table, 'committee_id': NULL::BIGINT}) IS NOT NULL
        OR list_position(compared, {'table': for_table, 'committee_id': part_committee}) IS NOT NULL);

-- A part's rows in one snapshot, as one value from their digests (part_digests): the same in two snapshots
-- exactly when the part holds the same rows in both (NULL: no rows). `committee` NULL: the table whole.
CREATE OR REPLACE MACRO part_content(for_table, committee, snapshot) AS (
    SELECT list((committee_id, digest) ORDER BY committee_id NULLS FIRST)
    FROM part_digests
    WHERE snapshot_id = snapshot AND record_table = for_table AND (committee IS NULL OR committee_id = committee)
);

-- Whether a diff between two snapshots can find anything in a part: whether its rows differ, or, for the
-- committees, whether the member bodies do (a secretariat is compared by its acronym). A part whose rows are
-- the same in both snapshots pairs each row with itself, so leaving it out of `compared` changes no result.
-- NULL when there is no earlier snapshot (the first of a series).
CREATE OR REPLACE MACRO part_changed(for_table, committee, before_snapshot, after_snapshot) AS
    CASE WHEN before_snapshot IS NOT NULL THEN
        part_content(for_table, committee, before_snapshot)
            IS DISTINCT FROM part_content(for_table, committee, after_snapshot)
        OR (for_table = 'committees' AND part_content('member_bodies', NULL, before_snapshot)
            IS DISTINCT FROM part_content('member_bodies', NULL, after_snapshot))
    END;

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
