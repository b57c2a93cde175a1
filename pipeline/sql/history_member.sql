-- The seats of member bodies $member_ids over time, per source, optionally in committee $committee_id only.
-- `valid_to` is the as_of of the first complete snapshot without the seat (NULL: still held).
SELECT
    h.member_id,
    m.acronym,
    h.committee_id,
    c.reference AS committee,
    h.status,
    h.valid_from,
    h.valid_to,
    h.is_current,
    h.source_kind
FROM membership_history h
LEFT JOIN member_body_labels m USING (member_id)
LEFT JOIN committee_labels c USING (committee_id)
WHERE list_contains($member_ids, h.member_id) AND ($committee_id IS NULL OR h.committee_id = $committee_id)
ORDER BY h.member_id, h.source_kind, c.reference, h.committee_id, h.valid_from
