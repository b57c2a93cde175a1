"""A crawl dies with its command: SIGTERM/SIGINT stop it cleanly with nothing stored, SIGKILL takes the child along,
and nothing is left behind in the temporary folder. Linux: child processes are found through /proc."""

import codecs
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.casco_watch.slow_parts import SlowClosePipeline
from tests.conftest import REPO, casco_executable
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite

pytestmark = [pytest.mark.process,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds child processes through /proc")]

SLOW_CLOSE_PIPELINES = json.dumps({
    "casco_watch.pipeline.validation.ValidationPipeline": 100,
    "casco_watch.pipeline.snapshot.SnapshotPipeline": 900,
    "tests.casco_watch.slow_parts.SlowClosePipeline": 950,
})


class RunningCrawl:
    """`casco crawl` of the small committee started for real, with its own empty temporary folder, so leftovers
    show. The point is the command's lifetime, not what CASCO's pages say."""

    def __init__(self, tmp_path: Path, base_url: str, *options: str):
        self.db = tmp_path / "casco.duckdb"
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir()
        self.process = subprocess.Popen(
            [casco_executable(), "crawl", "--base-url", base_url, "--committee", str(SMALL_COMMITTEE), "--delay", "0",
             "--db", str(self.db), *options],
            cwd=REPO, env={**os.environ, "TMPDIR": str(self.tmpdir)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.stderr_seen = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def child_pids(self) -> list[int]:
        children = []
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[1] == str(self.process.pid):
                children.append(int(entry.name))
        return children

    def wait_for_stderr(self, text: str, timeout: float = 60) -> None:
        """Read the command's stderr until `text` appears: straight from the pipe, since a buffered readline can take
        in several lines at once and keep the awaited one while select waits for more (lines of a short crawl come
        together)."""
        until = time.monotonic() + timeout
        while text not in self.stderr_seen:
            assert time.monotonic() < until, f"{text!r} not seen on stderr: {self.stderr_seen}"
            ready, _, _ = select.select([self.process.stderr], [], [], 0.5)
            if ready:
                chunk = os.read(self.process.stderr.fileno(), 65536)
                assert chunk, f"the command ended before saying {text!r}: {self.stderr_seen}"
                self.stderr_seen += self._decoder.decode(chunk)

    def finish(self, timeout: float = 60) -> tuple[str, str]:
        stdout, stderr = self.process.communicate(timeout=timeout)
        return stdout, self.stderr_seen + stderr

    def stored_snapshots(self) -> list[tuple]:
        if not self.db.exists():
            return []
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute("SELECT snapshot_id, status FROM snapshots").fetchall()


def gone(pid: int) -> bool:
    """Exited: no such process, or a zombie waiting for init to reap it (its parent is dead)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_until_gone(pid: int, timeout: float) -> float:
    started = time.monotonic()
    while not gone(pid):
        assert time.monotonic() - started < timeout, f"process {pid} still running after {timeout} s"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.fixture
def slow_site():
    """Committee and participation pages answer at once; member pages take a minute."""
    with FaultySite(hangs={"/member/"}) as site:
        yield site


@pytest.mark.parametrize("signum, exit_code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_crawl_with_nothing_stored(tmp_path, slow_site, signum, exit_code):
    crawl = RunningCrawl(tmp_path, slow_site.base_url)
    assert slow_site.hang_reached.wait(60), "the crawl never reached a member page"
    (child,) = crawl.child_pids()

    crawl.process.send_signal(signum)
    started = time.monotonic()
    stdout, stderr = crawl.finish()

    assert time.monotonic() - started < 15
    assert crawl.process.returncode == exit_code, stdout + stderr
    assert f"casco: interrupted ({signal.Signals(signum).name}); nothing stored. The database is as it was." in stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert wait_until_gone(child, timeout=5) < 5
    assert crawl.stored_snapshots() == []
    assert list(crawl.tmpdir.iterdir()) == []


def test_killing_the_command_takes_the_crawl_process_with_it(tmp_path, slow_site):
    crawl = RunningCrawl(tmp_path, slow_site.base_url)
    assert slow_site.hang_reached.wait(60), "the crawl never reached a member page"
    (child,) = crawl.child_pids()

    crawl.process.kill()
    crawl.finish()

    assert wait_until_gone(child, timeout=5) < 5
    assert crawl.stored_snapshots() == []
    assert list(crawl.tmpdir.iterdir()) == []


def test_a_signal_while_the_finished_crawl_is_being_stored_lets_the_store_finish_and_says_so(tmp_path):
    with FaultySite() as site:
        crawl = RunningCrawl(tmp_path, site.base_url, "--set", f"ITEM_PIPELINES={SLOW_CLOSE_PIPELINES}")
        crawl.wait_for_stderr("judging and storing the snapshot")
        crawl.process.send_signal(signal.SIGTERM)
        stdout, stderr = crawl.finish(timeout=SlowClosePipeline.CLOSE_SECONDS + 60)

    assert crawl.process.returncode == 143
    assert "the crawl had finished and its snapshot is being stored; letting that finish" in stderr
    assert "casco: interrupted (SIGTERM) while the finished crawl was being stored; snapshot 1 was stored." in stderr
    assert "Snapshot 1 (as of" in stdout and ": COMPLETE" in stdout
    assert crawl.stored_snapshots() == [(1, "complete")]


def test_max_duration_bounds_the_crawl_and_the_snapshot_says_why_it_is_not_complete(tmp_path, slow_site):
    crawl = RunningCrawl(tmp_path, slow_site.base_url, "--max-duration", "3")
    started = time.monotonic()
    stdout, stderr = crawl.finish(timeout=120)

    assert time.monotonic() - started < 45
    assert crawl.process.returncode == 3, stdout + stderr
    assert "stopping after 3 s at most (--max-duration)" in stderr
    assert ": PARTIAL" in stdout
    assert "time limit of 3 s (--max-duration)" in stdout
    assert crawl.stored_snapshots() == [(1, "partial")]
