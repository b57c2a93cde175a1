-- Pages of snapshot $snapshot_id that were fetched but not fully understood: lost although the server
-- answered (cause `layout`: the parser did not know it; `unreadable`: cut off or garbled), or with records
-- rejected (an unknown label, a value that ran into its neighbour). One row per page with its distinct problems
-- and where its raw copy sits in the snapshot's archive; the crawl's summary names them so they can be reported
-- or fixed. A page lost to a bot wall's challenge is no layout to teach a parser: the snapshot's reasons name
-- it, with what to do.
WITH problems AS (
    SELECT source_url AS url, unnest(errors) AS problem
    FROM rejects
    WHERE snapshot_id = $snapshot_id AND source_url IS NOT NULL
    UNION ALL
    SELECT url, reason
    FROM pages
    WHERE snapshot_id = $snapshot_id AND cause IN ('layout', 'unreadable')
)
SELECT
    problems.url,
    any_value(pages.page_kind) AS page_kind,
    any_value(pages.warc_record_id) AS warc_record_id,
    list(DISTINCT problems.problem ORDER BY problems.problem) AS problems
FROM problems
LEFT JOIN pages ON pages.snapshot_id = $snapshot_id AND pages.url = problems.url
GROUP BY problems.url
ORDER BY problems.url
