"""Shared fixtures and helpers: the dataset, a writable copy of the data folder, and AppTest runs of a page."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from wbdash.dataset import Dataset, load_dataset
from wbdash.paths import DATA_DIR, REPO_ROOT

ENTRY_POINT = str(REPO_ROOT / "dashboard.py")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The real, validated dataset (read-only: tests must not modify it)."""
    return load_dataset()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break or extend it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def run_page(page: str | None = None, params: dict[str, str | list[str]] | None = None,
             *, check: bool = True) -> AppTest:
    """Open `page` (None: the overview, dashboard.py) with URL parameters, as a reader following a link."""
    at = AppTest.from_file(ENTRY_POINT, default_timeout=90)
    if page:
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if "_overview_complete_run" in at.session_state and not at.session_state["_overview_complete_run"]:
        at.run()  # as the browser's timer does a second after the first view (wbdash.app.ui._first_view)
    if check:
        assert not at.exception, at.exception
    return at


def edit_cell(data_dir: Path, file_name: str, key_column: str, key: str, column: str, value: str) -> int:
    """Set one cell; return its line number in the file."""
    path = data_dir / file_name
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    position = next(i for i, row in enumerate(rows) if row[key_column] == key)
    rows[position][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return position + 2
