-- Committee $committee_id in each snapshot of every series its memberships appear in (its own series on
-- the site, the whole-dataset series of Open Data): its P and O members, and the seats that changed since
-- the previous snapshot of the series (NULL for a series' first).
WITH history AS (
    FROM membership_history WHERE committee_id = $committee_id
),
counts AS (
    SELECT
        s.source_kind, s.snapshot_id, s.as_of, s.series_position,
        count(m.member_id) FILTER (m.status = 'P') AS p_members,
        count(m.member_id) FILTER (m.status = 'O') AS o_members
    FROM series_snapshots('memberships') s
    LEFT JOIN memberships m ON m.snapshot_id = s.snapshot_id AND m.committee_id = $committee_id
    WHERE (s.series_committee IS NULL OR s.series_committee = $committee_id)
        AND s.source_kind IN (SELECT source_kind FROM history)
    GROUP BY ALL
),
seat_events AS (
    SELECT first_snapshot_id AS snapshot_id, member_id, NULL AS before_status, status AS after_status FROM history
    UNION ALL
    SELECT ended_by_snapshot_id, member_id, status, NULL FROM history WHERE ended_by_snapshot_id IS NOT NULL
),
seat_changes AS (
    SELECT
        snapshot_id,
        member_id,
        max(before_status) AS before_status,
        max(after_status) AS after_status,
        coalesce(l.acronym, member_id::VARCHAR) AS member
    FROM seat_events
    LEFT JOIN member_body_labels l USING (member_id)
    GROUP BY ALL
),
tallies AS (
    SELECT
        snapshot_id,
        count_if(before_status IS NULL) AS joined,
        count_if(after_status IS NULL) AS "left",
        count_if(before_status = 'P' AND after_status = 'O') AS p_to_o,
        count_if(before_status = 'O' AND after_status = 'P') AS o_to_p,
        string_agg(
            CASE
                WHEN before_status IS NULL THEN '+' || member || ' ' || after_status
                WHEN after_status IS NULL THEN '-' || member || ' ' || before_status
                ELSE member || ' ' || before_status || '→' || after_status
            END,
            ', ' ORDER BY member
        ) AS seats_changed
    FROM seat_changes
    GROUP BY snapshot_id
)
SELECT
    snapshot_id,
    as_of,
    source_kind,
    p_members,
    o_members,
    CASE WHEN series_position > 1 THEN coalesce(joined, 0) END AS joined,
    CASE WHEN series_position > 1 THEN coalesce("left", 0) END AS "left",
    CASE WHEN series_position > 1 THEN coalesce(p_to_o, 0) END AS p_to_o,
    CASE WHEN series_position > 1 THEN coalesce(o_to_p, 0) END AS o_to_p,
    CASE WHEN series_position > 1 THEN seats_changed END AS seats_changed
FROM counts
LEFT JOIN tallies USING (snapshot_id)
ORDER BY source_kind, as_of, snapshot_id
