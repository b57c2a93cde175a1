-- The digests of {table}'s parts (pipeline/digests.py) in snapshot $snapshot_id, or in every snapshot when it is
-- NULL (a file written before digests were kept). A part's digest is the md5 of its rows as JSON (every column
-- but snapshot_id), sorted: equal digests mean equal rows, whatever order they were written in.
INSERT INTO part_digests BY NAME
SELECT snapshot_id, '{table}' AS record_table, part_committee AS committee_id,
    md5(string_agg(row_text, chr(10) ORDER BY row_text)) AS digest
FROM (
    SELECT snapshot_id, part_committee,
        to_json(struct_pack(*COLUMNS(* EXCLUDE (snapshot_id, part_committee))))::VARCHAR AS row_text
    FROM {table}_by_part
    WHERE $snapshot_id IS NULL OR snapshot_id = $snapshot_id
)
GROUP BY snapshot_id, part_committee
