"""Makes `tests.fixture_site` importable from the repository root."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # until pytest's `pythonpath` names the repository root
