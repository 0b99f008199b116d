"""Errors that carry every problem found, each located by file, row and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataIssue:
    """One problem in one data file.

    `row` is the line number in the file as an editor shows it (the header is line 1),
    or None when the problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    key: str | None = None  # the entry of a YAML file (e.g. an indicator key); `column` is then its field

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.key is not None:
            where += f", key '{self.key}'"
        if self.column is not None:
            where += f", {'field' if self.key is not None else 'column'} '{self.column}'"
        return f"{where}: {self.message}"


MAX_LISTED_PER_FILE = 100  # enough to fix a file; a broken file's millions of echoes would stall every page


class DataValidationError(Exception):
    """Raised when data files fail validation; holds every issue, lists at most MAX_LISTED_PER_FILE per file."""

    def __init__(self, issues: list[DataIssue]):
        self.issues = sorted(
            issues, key=lambda i: (i.file, i.row if i.row is not None else 0, i.key or "", i.column or "")
        )
        lines = "\n".join(f"- {line}" for line in self.summary())
        super().__init__(f"{len(self.issues)} problem(s) in the data files:\n{lines}")

    def summary(self, per_file: int = MAX_LISTED_PER_FILE) -> list[str]:
        """Each problem as a line, at most `per_file` per file, then how many more that file has."""
        lines: list[str] = []
        shown: dict[str, int] = {}
        for issue in self.issues:
            shown[issue.file] = shown.get(issue.file, 0) + 1
            if shown[issue.file] <= per_file:
                lines.append(str(issue))
        for file, count in shown.items():
            if count > per_file:
                lines.append(f"{file}: … and {count - per_file:,} more problem(s) in this file")
        return lines


class JoinError(Exception):
    """Raised when the country table and the boundaries do not match one to one."""
