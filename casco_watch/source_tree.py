"""`import casco_watch` from the root of a source tree finds `schemas/`, `parsers/`, `spiders/`, `pipeline/`.

Installed, those folders are subpackages of casco_watch (pyproject.toml's package-dir). From the root of a
clone, Python's first path entry (the current folder, for `python -c` and `python -m`) finds the clone's
`casco_watch/` before the installed one, and that folder alone lacks them. So when this package sits in a
source tree (a pyproject.toml beside it that maps them), the same mapping is applied here; an installed
package has no pyproject.toml beside it and is left alone. setuptools' editable installs map the same way.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from pathlib import Path


class _MappedPackages(importlib.abc.MetaPathFinder):
    """Finds each mapped subpackage (`casco_watch.parsers`) in its folder (`parsers/`)."""

    def __init__(self, folders: dict[str, Path]):
        self.folders = folders

    def find_spec(self, fullname, path=None, target=None):
        folder = self.folders.get(fullname)
        if folder is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )


def package_folders(root: Path, package: str) -> dict[str, Path]:
    """`package`'s subpackages that `root/pyproject.toml` maps to folders elsewhere in `root`; {} if none."""
    try:
        text = (root / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return {}
    import tomllib

    try:
        mapping = tomllib.loads(text).get("tool", {}).get("setuptools", {}).get("package-dir", {})
    except tomllib.TOMLDecodeError:
        return {}
    return {name: root / folder for name, folder in mapping.items()
            if name.startswith(f"{package}.") and (root / folder / "__init__.py").is_file()}


def map_source_tree(package: str, init_file: str) -> None:
    """Let `package` (whose `__init__.py` is `init_file`) import its mapped subpackages from its source tree, if any."""
    folders = package_folders(Path(init_file).resolve().parent.parent, package)
    if folders and not any(isinstance(finder, _MappedPackages) for finder in sys.meta_path):
        sys.meta_path.append(_MappedPackages(folders))
