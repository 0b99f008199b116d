"""Fixed vocabularies of the data files: fact categories and country codes (statuses live in the registry)."""

from __future__ import annotations

FACT_CATEGORIES: tuple[str, ...] = (
    "alignment",
    "diplomacy",
    "security cooperation",
    "surveillance",
    "telecoms and 5G",
    "investment",
    "law and privacy",
)

DATE_KINDS: tuple[str, ...] = ("event", "as of")  # facts.csv: a dated event, or a situation as of a date

FOCUS_COUNTRY_CODES: tuple[str, ...] = ("AL", "BA", "XK", "ME", "MK", "RS")
REGION_CODE = "REGION"

