"""Shared fixtures: a writable copy of the data directory for tests that break it on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wbdash.paths import DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
