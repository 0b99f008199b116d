"""Derived indicators, computed as the registry declares them (per million, share of total, rank)."""

from __future__ import annotations

import pandas as pd

from wbdash.registry import Indicator, Registry


def _derive(frame: pd.DataFrame, registry: Registry, indicator: Indicator) -> pd.Series:
    derived = indicator.derived
    assert derived is not None
    base = frame[registry[derived.of].value_column]
    if derived.method == "per_million":
        assert derived.per is not None
        return base / (frame[registry[derived.per].value_column] / 1_000_000)
    if derived.method == "share_of_total":
        total = base.sum()
        return base / total * 100 if total else pd.Series(0.0, index=frame.index)
    return base.rank(method="min", ascending=False).astype(int)  # rank: 1 = most, ties share the better rank


def add_metrics(countries: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Add every derived indicator's column and turn category columns into ordered categoricals."""
    frame = countries.copy()
    for indicator in registry.indicators:
        if indicator.derived is not None:
            frame[indicator.value_column] = _derive(frame, registry, indicator)
        elif indicator.kind == "category":
            column = indicator.value_column
            frame[column] = pd.Categorical(frame[column], categories=list(indicator.categories), ordered=True)
    return frame


def total(countries: pd.DataFrame, indicator: Indicator) -> int:
    return int(countries[indicator.value_column].sum())
