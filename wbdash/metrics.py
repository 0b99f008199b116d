"""Derived indicators computed from the validated country table."""

from __future__ import annotations

import pandas as pd

from wbdash.statuses import STATUS_ORDERS, as_ordered


def add_metrics(countries: pd.DataFrame) -> pd.DataFrame:
    """Add share of the six's projects, projects per million inhabitants and rank; order statuses."""
    frame = countries.copy()
    total = int(frame["chinese_projects"].sum())
    frame["projects_share"] = (
        frame["chinese_projects"] / total * 100 if total else pd.Series(0.0, index=frame.index)
    )
    frame["projects_per_million"] = frame["chinese_projects"] / (frame["population"] / 1_000_000)
    frame["projects_rank"] = frame["chinese_projects"].rank(method="min", ascending=False).astype(int)
    for column in STATUS_ORDERS:
        frame[column] = as_ordered(frame[column], column)
    return frame


def projects_total(countries: pd.DataFrame) -> int:
    return int(countries["chinese_projects"].sum())
