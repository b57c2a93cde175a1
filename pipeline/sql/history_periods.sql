-- The periods of membership, liaison, officer, subgroup and committee history, kept as snapshots are written:
-- created here (empty, with the columns fact_periods gives, pipeline/sql/history.sql) and maintained by
-- pipeline/series.py in write_snapshot's transaction: extended, closed and opened for each part a snapshot
-- appends to its series, rebuilt from fact_periods for a series a re-read, an acceptance or an out-of-order
-- date changes. Then the views over them.
CREATE TABLE IF NOT EXISTS memberships_periods AS FROM fact_periods('memberships', 'membership_facts') LIMIT 0;
CREATE TABLE IF NOT EXISTS liaisons_periods AS FROM fact_periods('liaisons', 'liaison_facts') LIMIT 0;
CREATE TABLE IF NOT EXISTS officers_periods AS FROM fact_periods('officers', 'officer_facts') LIMIT 0;
CREATE TABLE IF NOT EXISTS subgroups_periods AS FROM fact_periods('subgroups', 'subgroup_facts') LIMIT 0;
CREATE TABLE IF NOT EXISTS committees_periods AS FROM fact_periods('committees', 'committee_facts') LIMIT 0;

-- The periods of one table as rows: each fact's fields, its dates, and whether it still holds (a period is
-- current while no snapshot of its series has ended it).
CREATE OR REPLACE MACRO periods_of(periods_table) AS TABLE
SELECT
    source_kind, unnest(fact), valid_from, valid_to, ended_by_snapshot_id IS NULL AS is_current,
    first_snapshot_id, last_snapshot_id, ended_by_snapshot_id
FROM query_table(periods_table);

CREATE OR REPLACE VIEW membership_history AS FROM periods_of('memberships_periods');
CREATE OR REPLACE VIEW liaison_history AS FROM periods_of('liaisons_periods');
CREATE OR REPLACE VIEW officer_history AS FROM periods_of('officers_periods');
CREATE OR REPLACE VIEW subgroup_history AS FROM periods_of('subgroups_periods');
CREATE OR REPLACE VIEW committee_history AS FROM periods_of('committees_periods');

-- Whether a period [period_from, period_to) holds on `on_date`.
CREATE OR REPLACE MACRO holds_on(period_from, period_to, on_date) AS
    period_from <= on_date AND (period_to IS NULL OR on_date < period_to);

CREATE OR REPLACE MACRO memberships_as_of(on_date) AS TABLE
FROM membership_history WHERE holds_on(valid_from, valid_to, on_date);

CREATE OR REPLACE MACRO liaisons_as_of(on_date) AS TABLE
FROM liaison_history WHERE holds_on(valid_from, valid_to, on_date);

-- The members of one committee on a date, labelled from the member bodies known at that date; the committee
-- is chosen among the kept periods before anything else is read.
CREATE OR REPLACE MACRO members_as_of(committee, on_date) AS TABLE
SELECT
    m.source_kind, m.fact.committee_id, m.fact.member_id, b.acronym, b.country, m.fact.status, m.valid_from, m.valid_to
FROM memberships_periods m
LEFT JOIN records_as_of('member_bodies', on_date) b ON b.source_kind = m.source_kind AND b.member_id = m.fact.member_id
WHERE (m.series_committee IS NULL OR m.series_committee = committee)
    AND m.fact.committee_id = committee
    AND holds_on(m.valid_from, m.valid_to, on_date);
