"""The status history (data/status_history.csv): dated milestones, and the status they give at any month.

A milestone applies from the month it is dated. A source that gives only the year is read as "by the
end of that year", so a year-precise milestone applies from December: the dashboard never shows a
status earlier than a source supports. Before a country's first milestone of an indicator, the history
gives no status at all, and the views say so rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from wbdash.citations import is_present
from wbdash.errors import DataIssue
from wbdash.evidence import MAX_EVIDENCE_WORDS, too_long
from wbdash.paths import COUNTRIES_FILE
from wbdash.registry import Registry
from wbdash.schema import HISTORY_FILE, PRECISIONS

Month = int  # months since the start of year 0: year * 12 + (month - 1); ordered and easy to step
MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> Month | None:
    """'2015-01' -> a Month; anything else (including '2015', '2015-1', '2015-01-01') -> None."""
    match = MONTH_PATTERN.match(text)
    return int(match.group(1)) * 12 + int(match.group(2)) - 1 if match else None


def month_text(month: Month) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def month_of_day(day: date) -> Month:
    return day.year * 12 + day.month - 1


def effective_month(value: str, precision: str | None = None) -> Month:
    """The first month a dated statement can be relied on: its own month, or December for a bare year."""
    parts = str(value).split("-")
    year = int(parts[0])
    if precision == "year" or len(parts) == 1:
        return year * 12 + 11
    return year * 12 + int(parts[1]) - 1


@dataclass(frozen=True)
class Milestone:
    """One row of the history."""

    country: str
    indicator: str
    date: str
    precision: str
    status: str
    milestone: str
    source_id: str
    evidence: str | None
    note: str | None
    line: int | None = None  # line in the file, for validation messages

    @property
    def month(self) -> Month:
        return effective_month(self.date, self.precision)


class History:
    """Milestones per country and indicator, in date order, with the status they give at a month."""

    def __init__(self, frame: pd.DataFrame, line_numbers: Sequence[int] | None = None):
        self.frame = frame
        lines = list(line_numbers) if line_numbers is not None else [None] * len(frame)
        self.milestones: tuple[Milestone, ...] = tuple(
            Milestone(
                country=str(r["country"]), indicator=str(r["indicator"]), date=str(r["date"]),
                precision=str(r["precision"]), status=str(r["status"]), milestone=str(r["milestone"]),
                source_id=str(r["source_id"]),
                evidence=str(r["evidence"]) if is_present(r["evidence"]) else None,
                note=str(r["note"]) if is_present(r["note"]) else None, line=line,
            )
            for r, line in zip(frame.to_dict("records"), lines, strict=True)
        )
        self._lanes: dict[tuple[str, str], list[Milestone]] = {}
        for milestone in self.milestones:
            self._lanes.setdefault((milestone.country, milestone.indicator), []).append(milestone)
        for lane in self._lanes.values():
            lane.sort(key=lambda m: m.month)  # stable: same-month milestones keep the file's order

    def lane(self, country: str, indicator: str) -> list[Milestone]:
        return list(self._lanes.get((country, indicator), []))

    def status_at(self, country: str, indicator: str, month: Month) -> Milestone | None:
        """The latest milestone applying by `month` (it gives the status), or None before the first."""
        deciding = None
        for milestone in self._lanes.get((country, indicator), []):
            if milestone.month > month:
                break
            deciding = milestone
        return deciding

    def since(self, country: str, indicator: str, month: Month) -> Milestone | None:
        """The milestone from which the status at `month` has held without a break."""
        lane = [m for m in self._lanes.get((country, indicator), []) if m.month <= month]
        if not lane:
            return None
        start = lane[-1]
        for milestone in reversed(lane):
            if milestone.status != lane[-1].status:
                break
            start = milestone
        return start

    def between(self, countries: Iterable[str], first: Month, last: Month) -> list[Milestone]:
        """Milestones applying after `first` and by `last`, for the given countries, in date order."""
        wanted = set(countries)
        chosen = [m for m in self.milestones if m.country in wanted and first < m.month <= last]
        return sorted(chosen, key=lambda m: (m.month, m.date, m.country, m.indicator))

    @property
    def first_month(self) -> Month | None:
        return min((m.month for m in self.milestones), default=None)


def history_issues(registry: Registry, history: History, countries: pd.DataFrame,
                   country_lines: Sequence[int]) -> list[DataIssue]:
    """Rules beyond one cell: date format per precision, date order, each indicator's own categories,
    and the cross-file rule: at each countries.csv value's as-of date the history gives that value."""
    issues: list[DataIssue] = []
    for milestone in history.milestones:
        pattern = PRECISIONS.get(milestone.precision)
        if pattern and not re.match(pattern, milestone.date):
            issues.append(DataIssue(HISTORY_FILE, milestone.line, "date",
                                    f"{milestone.date!r} does not match its precision {milestone.precision!r}"))
        if milestone.evidence is not None and too_long(milestone.evidence):
            issues.append(DataIssue(HISTORY_FILE, milestone.line, "evidence",
                                    f"the evidence is a phrase of at most {MAX_EVIDENCE_WORDS} words from the source, "
                                    f"not {len(milestone.evidence.split())}"))
        categories = registry[milestone.indicator].categories
        if milestone.status not in categories:
            issues.append(DataIssue(HISTORY_FILE, milestone.line, "status",
                                    f"{milestone.status!r} is not a category of '{milestone.indicator}'; "
                                    f"allowed: {', '.join(categories)}"))
    seen: set[tuple[str, str, str, str]] = set()
    for milestone in history.milestones:
        identity = (milestone.country, milestone.indicator, milestone.date, milestone.milestone)
        if identity in seen:
            issues.append(DataIssue(HISTORY_FILE, milestone.line, "milestone",
                                    f"this milestone appears more than once for {milestone.country} "
                                    f"'{milestone.indicator}' on {milestone.date}"))
        seen.add(identity)
    in_file_order: dict[tuple[str, str], list[Milestone]] = {}
    for milestone in history.milestones:
        in_file_order.setdefault((milestone.country, milestone.indicator), []).append(milestone)
    for (_, indicator), lane in in_file_order.items():
        for earlier, later in zip(lane, lane[1:], strict=False):
            if later.month < earlier.month:
                issues.append(DataIssue(HISTORY_FILE, later.line, "date",
                                        f"{later.date} comes before {earlier.date} (row {earlier.line}); list "
                                        f"each country's '{indicator}' milestones in date order"))
    for position, row in enumerate(countries.to_dict("records")):
        for indicator in registry.timelines():
            columns = indicator.columns
            assert columns is not None
            as_of, value, line = str(row[columns.as_of]), str(row[columns.value]), country_lines[position]
            deciding = history.status_at(str(row["iso2"]), indicator.key, effective_month(as_of))
            if deciding is None:
                issues.append(DataIssue(
                    HISTORY_FILE, None, "date",
                    f"no '{indicator.key}' milestone for {row['iso2']} on or before {as_of}, the as-of date of "
                    f"{COUNTRIES_FILE} row {line}, column '{columns.value}'; the history must reach that date"))
            elif deciding.status != value:
                issues.append(DataIssue(
                    HISTORY_FILE, deciding.line, "status",
                    f"gives {deciding.status!r} for {row['iso2']} '{indicator.key}' at {as_of}, but "
                    f"{COUNTRIES_FILE} row {line}, column '{columns.value}' has {value!r}"))
    return issues
