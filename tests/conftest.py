"""Shared test fixtures: loopback-only servers and the real `casco` command run as a subprocess."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def child_processes_import_the_tests(monkeypatch):
    """Crawls run in child processes; test-only spiders (tests/...) must be importable there."""
    monkeypatch.setenv("PYTHONPATH", str(REPO))


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


@pytest.fixture
def casco():
    """Run `casco ARGS...` for real; returns the CompletedProcess (text stdout/stderr)."""

    def run(*args, timeout=300):
        return subprocess.run([casco_executable(), *map(str, args)], cwd=REPO, capture_output=True, text=True,
                              timeout=timeout)

    return run


@pytest.fixture(scope="session")
def opendata_db(tmp_path_factory):
    """The ten real Open Data dumps imported once per session by the real `casco import-opendata`.

    They are given newest first, so every test on this database also rests on the command ordering them by date.
    """
    from tests.realdata.plain_reading import DUMPS, skip_without_dumps

    skip_without_dumps()
    path = tmp_path_factory.mktemp("opendata") / "casco.duckdb"
    result = subprocess.run([casco_executable(), "import-opendata", *map(str, reversed(DUMPS)), "--db", str(path)],
                            cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return path
