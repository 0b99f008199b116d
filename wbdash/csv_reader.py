"""Read a CSV file into strings, reporting file-level problems with their line numbers.

The csv module is used instead of pandas' parser because pandas pads short rows with NaN and
renames duplicated headers silently; here both are errors that name the line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wbdash.errors import DataIssue

MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 5_000  # the largest file holds a few hundred rows; more is a broken or hostile file


@dataclass(frozen=True)
class RawTable:
    """Cells as text (empty cells as None) plus the file line on which each row ends."""

    frame: pd.DataFrame
    line_numbers: list[int]


def read_csv_text(path: Path, may_be_empty: bool = False) -> tuple[RawTable | None, list[DataIssue]]:
    name = path.name
    if not path.is_file():
        return None, [DataIssue(name, None, None, f"file not found in the data folder ({path.parent.name}/)")]
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [DataIssue(name, None, None, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")]
    if b"\x00" in raw:
        return None, [DataIssue(name, None, None, "file contains NUL bytes: it is binary, not a CSV text file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [DataIssue(name, line, None, f"not valid UTF-8 text (byte {exc.start}); save the file as UTF-8")]
    if not text.strip():  # checked after decoding so that a file holding only a byte-order mark counts as empty
        return None, [DataIssue(name, None, None, "file is empty; expected a header row and data rows")]
    return _parse(name, text, may_be_empty)


def _parse(name: str, text: str, may_be_empty: bool = False) -> tuple[RawTable | None, list[DataIssue]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    issues: list[DataIssue] = []
    try:
        header = next(reader)
        rows: list[list[str]] = []
        line_numbers: list[int] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines carry no data
            if len(row) != len(header):
                issues.append(DataIssue(
                    name, reader.line_num, None,
                    f"row has {len(row)} fields but the header has {len(header)}",
                ))
                continue
            rows.append(row)
            line_numbers.append(reader.line_num)
            if len(rows) > MAX_ROWS:
                return None, [DataIssue(name, reader.line_num, None,
                                        f"file has more than {MAX_ROWS:,} data rows; it is not one of this "
                                        f"project's data files (they hold hundreds)")]
    except csv.Error as exc:
        return None, [DataIssue(name, reader.line_num, None, f"not a well-formed CSV file: {exc}")]

    seen: set[str] = set()
    for column in header:
        if column in seen:
            issues.append(DataIssue(name, 1, column, "column name appears more than once in the header"))
        seen.add(column)
    if not rows and not issues and not may_be_empty:
        issues.append(DataIssue(name, None, None, "file has a header but no data rows"))
    if issues:
        return None, issues

    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.where(frame != "", None)
    return RawTable(frame=frame, line_numbers=line_numbers), []
