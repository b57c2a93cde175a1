-- The member bodies $member names: every id that ever carried it as acronym (any case), or the id it spells.
SELECT member_id, l.acronyms
FROM (
    SELECT member_id FROM member_bodies WHERE upper(acronym) = upper($member)
    UNION
    SELECT member_id FROM memberships WHERE member_id::VARCHAR = $member
) named
LEFT JOIN member_body_labels l USING (member_id)
ORDER BY member_id
