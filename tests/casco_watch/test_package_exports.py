"""`import casco_watch` costs nothing until a name is used: each public name loads its own module then."""

import importlib
import json
import subprocess
import sys

import pytest

import casco_watch
from tests.conftest import REPO

MODULES_AFTER_IMPORT = (
    "import json, sys; import casco_watch; "
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
    "('casco_watch', 'duckdb', 'pydantic', 'pyarrow', 'scrapy', 'twisted', 'click', 'rich'))))"
)


def test_import_casco_watch_loads_none_of_the_library_until_a_name_is_used():
    ran = subprocess.run([sys.executable, "-c", MODULES_AFTER_IMPORT], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == ["casco_watch", "casco_watch.source_tree"]


@pytest.mark.parametrize("name", casco_watch.__all__)
def test_each_public_name_is_the_one_its_module_in_exports_holds(name):
    assert getattr(casco_watch, name) is getattr(importlib.import_module(casco_watch.EXPORTS[name]), name)
    assert name in dir(casco_watch)


def test_from_import_works_and_an_unknown_name_says_so():
    from casco_watch import Snapshot, load_opendata

    assert Snapshot.__name__ == "Snapshot" and callable(load_opendata)
    with pytest.raises(AttributeError, match="has no attribute 'load_open_data'"):
        casco_watch.load_open_data  # noqa: B018
