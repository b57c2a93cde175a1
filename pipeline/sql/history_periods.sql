-- Questions over the kept membership periods (pipeline/sql/kept_history.sql), created after them.

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
