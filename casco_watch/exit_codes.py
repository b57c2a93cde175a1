"""The exit codes of `casco` and of `scrapy crawl` in this project: one table, keyed by a snapshot's status.

A scheduler tells a complete crawl (0) from a partial one (3) and from an error or a failed crawl (1);
click's usage errors are 2, and an interrupted command exits as a shell does (128 + the signal).
"""

from casco_watch.schemas import SnapshotStatus

EXIT_COMPLETE, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
EXIT_BY_STATUS = {SnapshotStatus.COMPLETE: EXIT_COMPLETE, SnapshotStatus.PARTIAL: EXIT_PARTIAL, SnapshotStatus.FAILED: EXIT_ERROR}
