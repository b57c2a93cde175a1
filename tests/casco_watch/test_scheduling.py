"""The schedules docs/scheduling.md gives: the crontab line run as cron runs it, the systemd units verified by
systemd itself, and the sample CI workflow read as YAML."""

import re
import shutil
import subprocess

import pytest
import yaml

from casco_watch.fixture_site.site_data import STATES
from tests.conftest import REPO, casco_executable
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite

pytestmark = pytest.mark.process

DOCS = REPO / "docs"
LOOPBACK = f"--base-url {{base_url}} --committee {SMALL_COMMITTEE} --delay 0 --set CASCO_RETRY_BACKOFF_BASE=0.01"


def crontab_entry() -> tuple[list[str], str]:
    """The documented crontab entry: its five time fields and its command."""
    block = re.search(r"```crontab\n(.*?)```", (DOCS / "scheduling.md").read_text(), re.S).group(1)
    (line,) = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    fields = line.split(maxsplit=5)
    return fields[:5], fields[5]


def test_the_crontab_entry_is_daily():
    minute, hour, *every = crontab_entry()[0]
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and every == ["*", "*", "*"]


def test_cron_mails_a_line_only_when_the_crawl_is_not_complete(tmp_path):
    """cron runs the command with /bin/sh and mails what it prints: nothing for a complete snapshot."""
    command = crontab_entry()[1]
    command = command.replace("/opt/casco-watch", str(REPO)).replace(".venv/bin/casco", casco_executable())
    command = command.replace("/var/lib/casco-watch", str(tmp_path)).replace("/var/log/casco-watch", str(tmp_path))
    log = tmp_path / "crawl.log"

    def run_as_cron(site):
        on_fixture = command.replace(" crawl ", " crawl " + LOOPBACK.format(base_url=site.base_url) + " ", 1)
        return subprocess.run(["/bin/sh", "-c", on_fixture], env={"PATH": "/usr/bin:/bin", "CASCO_NOTIFY_URL": ""},
                              capture_output=True, text=True, timeout=300)

    with FaultySite(STATES[0]) as site:
        complete = run_as_cron(site)
    with FaultySite(STATES[0], status_overrides={"*": 403}) as site:
        refused = run_as_cron(site)

    assert (complete.returncode, complete.stdout, complete.stderr) == (0, "", "")
    assert refused.stdout == f"casco crawl exited 1 (3 partial, 1 failed): see {log}\n"
    assert ": COMPLETE" in log.read_text() and ": FAILED" in log.read_text()
    assert (tmp_path / "casco.duckdb").exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path):
    """`systemd-analyze verify` checks keys, sections and that ExecStart is executable: it runs on copies
    whose example paths point at this checkout."""
    for unit in ("casco-crawl.service", "casco-crawl.timer"):
        text = (DOCS / "systemd" / unit).read_text()
        text = text.replace("/opt/casco-watch/.venv/bin/casco", casco_executable()).replace("/opt/casco-watch", str(REPO))
        (tmp_path / unit).write_text(text.replace("User=casco", "User=root"))
    verified = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / unit) for unit in
                                                             ("casco-crawl.service", "casco-crawl.timer"))],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stderr
    assert "casco-crawl" not in verified.stderr


def test_the_sample_ci_workflow_crawls_daily_and_keeps_the_database():
    assert not (REPO / ".github" / "workflows" / "daily-crawl.yml").exists()
    workflow = yaml.safe_load((DOCS / "ci" / "daily-crawl.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["17 6 * * *"]
    steps = {step.get("name"): step for step in workflow["jobs"]["crawl"]["steps"]}
    assert 'casco crawl --db output/casco.duckdb --notify "$CASCO_NOTIFY_URL"' in steps["Crawl"]["run"]
    kept = steps["Keep the database and the report"]
    assert kept["uses"].startswith("actions/upload-artifact@") and "output/casco.duckdb" in kept["with"]["path"]
    assert kept["if"].startswith("always()")
    assert "exit ${{ steps.crawl.outputs.exit_code }}" in steps["Fail unless the snapshot is complete (3 partial, 1 failed)"]["run"]
