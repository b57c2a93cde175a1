-- The stored snapshot an incoming one would repeat, oldest first, with `same_run` telling which kind:
-- the same run committed before (a spool whose commit landed but whose folder outlived it: same start,
-- end and source), or the same content for the same day (a dump read twice: same content_digest and
-- as_of). A failed snapshot holds no records, so reading the same content again is not a repeat of it.
SELECT snapshot_id,
       started_at = $started_at AND finished_at = $finished_at AND source = $source AS same_run
FROM snapshots
WHERE (started_at = $started_at AND finished_at = $finished_at AND source = $source)
   OR ($content_digest IS NOT NULL AND content_digest = $content_digest AND as_of = $as_of AND status <> 'failed')
ORDER BY same_run DESC, snapshot_id
LIMIT 1
