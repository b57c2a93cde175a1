"""The library beneath the `casco` command: one call per command, exported by `casco_watch` (see its docstring).

One module per job: `storing` (records of any source), `opendata` (ISO Open Data files), `questions` (snapshots,
diffs, timelines, SQL, exports, reconciliation), `review` (accepting a suspect part), `publishing` (report,
notification), `opendata_import` (many dated dumps), `replaying` (a capture replayed as a crawl), `demo`.
Every call takes `db` as a path to a casco-watch DuckDB file or, where it only reads, an open connection
(from `open_database`); a path is opened for the length of the call only, waiting while another process
holds the file (30 s to read, `lock_timeout` to write; a snapshot that cannot be written in time waits in
the spool, see docs/locking.md). Each returns a result object; errors are exceptions whose message says
what to do.
"""


from casco_watch.schemas import Snapshot


class AlreadyStored(UserWarning):
    """Kept only for `replaying.replay` until it returns a result too: the capture was stored already."""

    def __init__(self, source: str, snapshot: Snapshot):
        super().__init__(f"skipped {source}: the same content as of {snapshot.as_of} is already stored as "
                         f"snapshot {snapshot.snapshot_id}; nothing new was stored")
        self.snapshot = snapshot
