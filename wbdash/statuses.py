"""Ordered status categories. Order runs from least to most integrated; it drives sorting and colours."""

from __future__ import annotations

import pandas as pd

EU_STATUS_ORDER: tuple[str, ...] = ("none", "potential candidate", "candidate", "member")
NATO_STATUS_ORDER: tuple[str, ...] = ("none", "Membership Action Plan", "member")
CNI_STATUS_ORDER: tuple[str, ...] = ("not signed", "signed")

STATUS_ORDERS: dict[str, tuple[str, ...]] = {
    "eu_status": EU_STATUS_ORDER,
    "nato_status": NATO_STATUS_ORDER,
    "cni_status": CNI_STATUS_ORDER,
}

FACT_CATEGORIES: tuple[str, ...] = (
    "alignment",
    "diplomacy",
    "security cooperation",
    "surveillance",
    "telecoms and 5G",
    "investment",
    "law and privacy",
)

FOCUS_COUNTRY_CODES: tuple[str, ...] = ("AL", "BA", "XK", "ME", "MK", "RS")
REGION_CODE = "REGION"


def as_ordered(values: pd.Series, column: str) -> pd.Series:
    """Turn a validated status column into an ordered categorical."""
    return pd.Series(
        pd.Categorical(values, categories=list(STATUS_ORDERS[column]), ordered=True),
        index=values.index,
        name=values.name,
    )
