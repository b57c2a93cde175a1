"""Deploying to a real scrapyd on 127.0.0.1 with `scrapyd-deploy`, scheduling crawls, reading their outcome.

The egg is built from a copy of the source tree (the build writes build/ and
*.egg-info next to setup.py), scrapyd runs in its own directory with its own
config, and neither scrapyd nor its jobs see the source tree on PYTHONPATH: the
jobs import casco_watch from the deployed egg, as on another machine.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import duckdb
import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from tests.conftest import REPO
from tests.fixture_oracle import SMALL_COMMITTEE, expected_records
from tests.spiders.test_site_crawl import assert_same_records, stored_records

pytestmark = pytest.mark.process

PROJECT = "casco_watch"
LOOPBACK_POLITENESS = ("AUTOTHROTTLE_START_DELAY=0", "DOWNLOAD_DELAY=0", "CASCO_RETRY_BACKOFF_BASE=0.01")
SOURCE_TREE = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md", "casco_watch", "schemas", "parsers", "spiders",
               "pipeline")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return json.load(response)


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


class Scrapyd:
    """A scrapyd process on 127.0.0.1 whose eggs, logs and queues live under `home`."""

    def __init__(self, home: Path, env: dict[str, str]):
        self.home = home
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        (home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
            "poll_interval = 0.2\nmax_proc = 2\n"
        )
        self.output = open(home / "scrapyd.out", "w")
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "scrapyd")], cwd=home, env=env,
                                        stdout=self.output, stderr=subprocess.STDOUT)
        wait_for(self.answers, 60, f"scrapyd to answer on {self.url}")

    def answers(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"scrapyd exited with {self.process.returncode}:\n{self.log()}")
        try:
            return call(self.url + "daemonstatus.json")["status"] == "ok"
        except OSError:
            return False

    def log(self) -> str:
        return (self.home / "scrapyd.out").read_text(errors="replace")

    def schedule(self, spider: str, settings: list[str], **arguments: str) -> str:
        data = [("project", PROJECT), ("spider", spider), *arguments.items(), *(("setting", s) for s in settings)]
        answer = call(self.url + "schedule.json", data)
        assert answer["status"] == "ok", answer
        return answer["jobid"]

    def finished(self, job: str) -> dict:
        def done():
            jobs = call(self.url + f"listjobs.json?project={PROJECT}")
            return next((entry for entry in jobs["finished"] if entry["id"] == job), None)

        return wait_for(done, 180, f"job {job} to finish")

    def job_log(self, spider: str, job: str) -> str:
        return (self.home / "logs" / PROJECT / spider / f"{job}.log").read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.close()


@pytest.fixture
def isolated_env(tmp_path):
    """The environment of scrapyd and of scrapyd-deploy: no source tree on PYTHONPATH, and a user scrapy.cfg
    (read before the project's) that adds a deploy target for the test's scrapyd."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


@pytest.fixture
def scrapyd(tmp_path, isolated_env):
    home = tmp_path / "scrapyd"
    home.mkdir()
    server = Scrapyd(home, isolated_env)
    yield server
    server.stop()


@pytest.fixture
def project_copy(tmp_path):
    copy = tmp_path / "project"
    for name in SOURCE_TREE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def scrapyd_deploy(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy"), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_egg_carries_the_scrapy_settings_entry_point_and_every_package(project_copy, isolated_env, tmp_path):
    egg = tmp_path / "casco.egg"
    result = scrapyd_deploy(project_copy, isolated_env, "--build-egg", str(egg))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(egg) as archive:
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
        names = set(archive.namelist())
    assert "[scrapy]\nsettings = casco_watch.crawler.settings" in entry_points
    for module in ("casco_watch/crawler/settings.py", "casco_watch/crawler/scrapy_commands/crawl.py", "casco_watch/schemas/records.py",
                   "casco_watch/spiders/iso_site.py", "casco_watch/pipeline/sql/schema.sql"):
        assert module in names
    assert not any(name.startswith(("schemas/", "pipeline/", "spiders/", "parsers/")) for name in names)


def test_the_project_names_a_local_scrapyd_target():
    from scrapyd_client.utils import _get_targets

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        targets = _get_targets()
    finally:
        os.chdir(cwd)
    assert targets["local"] == {"project": PROJECT, "url": "http://127.0.0.1:6800/"}


def test_a_job_scheduled_on_scrapyd_stores_a_complete_snapshot(project_copy, isolated_env, scrapyd, tmp_path):
    config = Path(isolated_env["XDG_CONFIG_HOME"])
    config.mkdir()
    (config / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {scrapyd.url}\n")
    deployed = scrapyd_deploy(project_copy, isolated_env, "test", "--version", "r1")
    assert deployed.returncode == 0, deployed.stderr
    assert json.loads(deployed.stdout)["status"] == "ok"
    assert call(scrapyd.url + f"listspiders.json?project={PROJECT}")["spiders"] == [
        "casco", "committee", "member", "opendata", "organization", "participation"]

    db = tmp_path / "scheduled.duckdb"
    with FixtureSite(STATES[0]) as site:
        job = scrapyd.schedule("casco", [f"CASCO_DB={db}", *LOOPBACK_POLITENESS], base_url=site.base_url,
                               committees=str(SMALL_COMMITTEE), as_of=STATES[0])
        scrapyd.finished(job)

    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT snapshot_id, status, as_of::VARCHAR FROM snapshots").fetchall() == [
            (1, "complete", STATES[0])]
    assert_same_records(stored_records(db, 1), expected_records(STATES[0], (SMALL_COMMITTEE,)))
    assert f"casco-watch: snapshot 1 (as of {STATES[0]}) in {db} is COMPLETE. Exit 0" in scrapyd.job_log("casco", job)

    refused = scrapyd.schedule("casco", [f"CASCO_DB={db}", "RETRY_ENABLED=False", *LOOPBACK_POLITENESS],
                               base_url=f"http://127.0.0.1:{free_port()}")
    scrapyd.finished(refused)
    assert "is FAILED. Exit 1" in scrapyd.job_log("casco", refused)
    assert f"Process died: exitstatus=1 project='{PROJECT}' spider='casco' job='{refused}'" in scrapyd.log()
