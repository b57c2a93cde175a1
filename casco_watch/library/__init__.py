"""The library beneath the `casco` command: one call per command, exported by `casco_watch` (see its docstring).

One module per job: `storing` (records of any source), `opendata` (ISO Open Data files), `questions` (snapshots,
diffs, timelines, SQL, exports, reconciliation), `review` (accepting a suspect part), `publishing` (report,
notification), `opendata_import` (many dated dumps), `crawling` (a crawl and a re-parse), `replaying` (a capture
replayed as a crawl), `demo`.
Every call takes `db` as a path to a casco-watch DuckDB file or, where it only reads, an open connection
(from `open_database`); a path is opened for the length of the call only, waiting while another process
holds the file (30 s to read, `lock_timeout` to write; a snapshot that cannot be written in time waits in
the spool, see docs/locking.md). Each returns a result object; errors are exceptions whose message says
what to do.
"""

