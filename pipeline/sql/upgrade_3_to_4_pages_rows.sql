-- Schema 3 -> 4, after schema.sql: each stored page into the table with `cause`. A lost page's cause is derived,
-- once, from what schema 3 kept of it: its challenge, its HTTP status and the words casco-watch wrote as its
-- reason (the reason a crawl gave up a page first: the crawl's time limit, a Retry-After too long, no DNS).
-- A reason none of these tell is `other`; nothing reads causes from reasons after this step.
INSERT INTO pages BY NAME
SELECT
    *,
    CASE
        WHEN outcome <> 'lost' THEN NULL
        WHEN challenge IS NOT NULL OR reason LIKE '%(--challenge-wait)%' THEN 'challenge'
        WHEN reason LIKE '%(--max-duration)%' THEN 'time_limit'
        WHEN reason LIKE '%(Retry-After)%' THEN 'retry_after_too_long'
        WHEN reason LIKE '%(DNS lookup failed)%' THEN 'no_network'
        WHEN reason LIKE '%redirect off the site%' THEN 'redirect_off_site'
        WHEN reason LIKE '%redirect loop%' THEN 'redirect_loop'
        WHEN http_status = 403 THEN 'refused'
        WHEN http_status IN (404, 410) THEN 'not_found'
        WHEN http_status IN (429, 503) THEN 'throttled'
        WHEN http_status >= 500 THEN 'server_error'
        WHEN http_status >= 400 THEN 'http_error'
        WHEN reason LIKE 'not in the capture%' THEN 'not_in_capture'
        WHEN reason LIKE 'not in the archive%' THEN 'not_in_archive'
        WHEN reason LIKE '%(DOWNLOAD_MAXSIZE)%' THEN 'too_large'
        WHEN reason LIKE 'the page was cut off%' OR reason LIKE 'the page is not valid %'
            OR reason LIKE 'not a readable gzip file%' THEN 'unreadable'
        WHEN reason LIKE 'cannot tell the date of %' THEN 'undated'
        WHEN reason LIKE '%ConnectionRefusedError%' THEN 'connection_refused'
        WHEN reason LIKE '%TCPTimedOutError%' THEN 'unreachable'
        WHEN reason LIKE '%TimeoutError%' THEN 'timeout'
        WHEN reason LIKE '%ConnectionLost%' OR reason LIKE '%ResponseFailed%' OR reason LIKE '%DataLoss%' THEN 'connection_lost'
        WHEN reason LIKE '%DNSLookupError%' OR reason LIKE '%CannotResolveHostError%' THEN 'no_network'
        WHEN http_status < 400 THEN 'layout'
        ELSE 'other'
    END AS cause
FROM pages_v3;
DROP TABLE pages_v3;
