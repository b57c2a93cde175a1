"""Shared test fixtures: loopback-only servers and the real `casco` command, in process or as a process."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES

REPO = Path(__file__).resolve().parents[1]


FIRST_MARKERS = ("slow", "long", "process")
"""Modules holding tests so marked are collected first, in this order: pytest-xdist (`--dist loadscope
--no-loadscope-reorder`) hands out modules in collection order, so the longest start first and not behind each other."""


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next((n for n, name in enumerate(FIRST_MARKERS) if item.get_closest_marker(name)), len(FIRST_MARKERS))

    module_rank: dict[str, int] = {}
    for item in items:
        module_rank[item.module.__name__] = min(module_rank.get(item.module.__name__, len(FIRST_MARKERS)), rank(item))
    items.sort(key=lambda item: module_rank[item.module.__name__])


CPU_REPORT = os.environ.get("CASCO_TEST_CPU_REPORT")
"""A path prefix: when set, each pytest process writes the CPU its tests spent by module (its own and its waited-for
children's: crawls, installs, browsers) to PREFIX.<worker>.json, and by test to PREFIX-tests.<worker>.json; `python benchmarks/suite_cpu.py PREFIX` adds them up."""
_cpu_by_module: Counter[str] = Counter()
_cpu_by_test: Counter[str] = Counter()


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A module's share includes the fixtures its tests set up first (a session's shared crawl goes to its first user)."""
    before = _cpu_seconds() if CPU_REPORT else 0.0
    yield
    if CPU_REPORT:
        spent = _cpu_seconds() - before
        _cpu_by_module[item.module.__name__] += spent
        _cpu_by_test[item.nodeid] += spent


def pytest_sessionfinish(session):
    if CPU_REPORT and _cpu_by_module:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(CPU_REPORT).parent.mkdir(parents=True, exist_ok=True)
        Path(f"{CPU_REPORT}.{worker}.json").write_text(json.dumps(_cpu_by_module))
        Path(f"{CPU_REPORT}-tests.{worker}.json").write_text(json.dumps(_cpu_by_test))


@pytest.fixture(autouse=True)
def child_processes_import_the_tests(monkeypatch):
    """Crawls run in child processes; test-only spiders (tests/...) must be importable there."""
    monkeypatch.setenv("PYTHONPATH", str(REPO))


@pytest.fixture(autouse=True)
def package_log_as_the_library_leaves_it():
    """`casco`'s main gives the package's logger its stderr handler (and stops propagation); run in process, the
    command must not leave that to later tests, which read the library's log through pytest's caplog."""
    package_log = logging.getLogger("casco_watch")
    before = package_log.handlers[:], package_log.level, package_log.propagate
    yield
    package_log.handlers, package_log.level, package_log.propagate = before


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


def casco_executable() -> str:
    """The installed console script next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "casco"
    found = str(beside) if beside.exists() else shutil.which("casco")
    if not found:
        pytest.fail("the `casco` command is not installed; run `pip install -e '.[test]'` first")
    return found


def run_casco(*args, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`casco ARGS...` in this process through click's CliRunner: the real command (`casco_watch.cli.main`), its exit
    code, stdout and stderr, without a Python start-up per call. A crawl still runs in the child the command starts.

    An exception the command lets out ends it with exit 1 and a traceback on stderr, as the console script would."""
    from click.testing import CliRunner

    from casco_watch.cli import main

    args = [str(arg) for arg in args]
    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner(env=env).invoke(main, args, prog_name="casco")
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["casco", *args], result.exit_code, result.stdout, stderr)


@pytest.fixture
def casco():
    """Run `casco ARGS...` for real, in process (see `run_casco`); returns a CompletedProcess (text stdout/stderr)."""
    return run_casco


@pytest.fixture(scope="session")
def opendata_db(tmp_path_factory):
    """The ten real Open Data dumps imported once per session by the real `casco import-opendata`.

    They are given newest first, so every test on this database also rests on the command ordering them by date.
    Read-only: every xdist worker reads the one import.
    """
    from tests.realdata.plain_reading import DUMPS, skip_without_dumps

    skip_without_dumps()

    def import_dumps(folder: Path) -> None:
        result = run_casco("import-opendata", *reversed(DUMPS), "--db", folder / "casco.duckdb")
        assert result.returncode == 0, result.stdout + result.stderr

    return made_once(tmp_path_factory, "opendata", import_dumps) / "casco.duckdb"


LOOPBACK = ("--delay", "0", "--set", "CASCO_RETRY_BACKOFF_BASE=0.01")
"""No politeness waits against the loopback fixture site: they are not what a crawl test checks."""


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder `make(folder)` fills once per test run and every test reads: under pytest-xdist the first worker to
    need it makes it while the others wait on a lock, then all read the same folder."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def database_made_once(tmp_path_factory, name: str, write) -> Path:
    """A database that `write(con)` fills once per test run; tests take `own_copy_of` it (creating a database and
    writing a few snapshots costs ~0.3 s of CPU, a file copy a millisecond)."""
    from casco_watch.pipeline.store import open_database

    def make(folder: Path) -> None:
        with open_database(folder / "casco.duckdb") as con:
            write(con)

    return made_once(tmp_path_factory, name, make) / "casco.duckdb"


def own_copy_of(database: Path, tmp_path: Path) -> Path:
    """A copy of a database made once, for one test to read or change."""
    path = tmp_path / database.name
    shutil.copyfile(database, path)
    return path


@dataclass(frozen=True)
class CrawledStates:
    """The fixture site's dated states crawled by the real `casco crawl` into one database, one snapshot per state
    in date order, with its archive and logs beside it, and what each crawl printed (`said`, by state)."""

    folder: Path
    said: dict[str, subprocess.CompletedProcess]

    @classmethod
    def read(cls, folder: Path) -> CrawledStates:
        said = {path.stem.removeprefix("said-"): json.loads(path.read_text()) for path in folder.glob("said-*.json")}
        return cls(folder, {state: subprocess.CompletedProcess(["casco", "crawl"], **said[state]) for state in sorted(said)})

    @property
    def db(self) -> Path:
        return self.folder / "casco.duckdb"

    def copy(self, to: Path) -> Path:
        """A copy a test may change (the database with its archive folder); returns its database."""
        shutil.copytree(self.folder, to, ignore=shutil.ignore_patterns(".made"))
        return to / "casco.duckdb"


def _crawl_state(folder: Path, state: str) -> None:
    with FixtureSite(state) as site:
        result = run_casco("crawl", "--base-url", site.base_url, "--db", folder / "casco.duckdb", "--as-of", state,
                           *LOOPBACK)
    said = {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}
    (folder / f"said-{state}.json").write_text(json.dumps(said))


@pytest.fixture(scope="session")
def crawled_october(tmp_path_factory) -> CrawledStates:
    """ISO/CASCO crawled from the fixture site's first state (snapshot 1). Read-only: copy it to add snapshots."""
    return CrawledStates.read(made_once(tmp_path_factory, "crawled-october", lambda folder: _crawl_state(folder, STATES[0])))


@pytest.fixture(scope="session")
def crawled_states(crawled_october, tmp_path_factory) -> CrawledStates:
    """`crawled_october` and then the second state (snapshot 2). Read-only: copy it to add snapshots."""

    def make(folder: Path) -> None:
        shutil.copytree(crawled_october.folder, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".made"))
        _crawl_state(folder, STATES[1])

    return CrawledStates.read(made_once(tmp_path_factory, "crawled-states", make))


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory) -> Path:
    """A folder where `casco demo` made `output/demo.duckdb` (with its mark, archives and logs), once per test run.
    Read-only: copy the folder to change it."""

    def make(folder: Path) -> None:
        result = run_casco("demo", "--db", folder / "output" / "demo.duckdb")
        assert result.returncode == 0, result.stdout + result.stderr

    return made_once(tmp_path_factory, "demo", make)
