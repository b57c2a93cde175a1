"""casco_watch/crawler/settings.py: every CASCO_* setting is declared there, with its default, and only there."""

import ast
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from casco_watch.crawler import settings
from casco_watch.cli import main
from casco_watch.pipeline.store import default_db

REPO = Path(__file__).resolve().parents[2]
_GETTERS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict"}


def _product_calls():
    for folder in ("casco_watch", "pipeline", "spiders", "parsers", "schemas"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    yield path.relative_to(REPO), node


def _casco_name(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    value = first.value if isinstance(first, ast.Constant) else None
    return value if isinstance(value, str) and value.startswith("CASCO_") else None


def test_every_casco_setting_read_is_declared_and_read_without_a_default_of_its_own():
    read = []
    for path, call in _product_calls():
        if call.func.attr in _GETTERS and (name := _casco_name(call)) and path.name != "settings.py":
            read.append(name)
            assert hasattr(settings, name), f"{path} reads {name}, which casco_watch/crawler/settings.py does not declare"
            assert len(call.args) == 1 and not call.keywords, f"{path} gives {name} a second default"
    assert {"CASCO_DB", "CASCO_LOCK_TIMEOUT", "CASCO_MAX_VANISH", "CASCO_DERIVATION"} <= set(read)


def test_only_the_settings_module_reads_a_casco_environment_variable_but_the_database_rule():
    readers = {
        (str(path), _casco_name(call)) for path, call in _product_calls()
        if (call.func.attr in ("get", "getenv") and _casco_name(call) and "environ" in ast.unparse(call.func))
        or any(keyword.arg == "envvar" for keyword in call.keywords)
    }
    assert {path for path, name in readers if name != "CASCO_DB"} == {"casco_watch/crawler/settings.py"}
    assert {path for path, name in readers if name == "CASCO_DB"} == {"pipeline/store.py"}


def test_the_database_default_is_the_casco_db_variable_else_output_casco_duckdb(tmp_path, monkeypatch):
    monkeypatch.delenv("CASCO_DB", raising=False)
    assert default_db() == Path("output/casco.duckdb")
    elsewhere = tmp_path / "elsewhere.duckdb"
    monkeypatch.setenv("CASCO_DB", str(elsewhere))
    assert default_db() == elsewhere

    result = CliRunner().invoke(main, ["snapshots"], env={"CASCO_DB": str(elsewhere)})
    assert result.exit_code == 1 and f"no database at {elsewhere} yet" in result.output


def test_the_extensions_are_scrapys_own_but_the_two_that_open_a_port():
    """settings.py lists Scrapy's extensions rather than import Scrapy to read them: a Scrapy release that adds or
    drops one shows here."""
    from scrapy.settings import default_settings

    port_openers = {"scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl"}
    assert settings.EXTENSIONS_BASE == {
        path: order for path, order in default_settings.EXTENSIONS_BASE.items() if path not in port_openers
    }


def test_reading_the_download_manners_does_not_import_scrapy():
    probe = "import sys, casco_watch.crawler.settings; print('scrapy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip() == "False"
