-- Every reference any snapshot gave a committee, with its id: a renamed committee (`ISO/IEC/JTC 4` became
-- `ISO/IEC JTC 4`, the same id) is found under either spelling.
SELECT DISTINCT reference, committee_id FROM committees
