"""Titles, subtitles and source lines: the words that make each view self-describing."""

from __future__ import annotations

import pandas as pd

from wbdash.choropleth import MapText
from wbdash.citations import compact_label
from wbdash.indicators import Indicator

BRIEF_ID = "brief"
BOUNDARIES_ID = "natural-earth"

KOSOVO_NOTE = (
    "Kosovo is drawn as its own country, as the brief treats it; the brief notes that neither "
    "Serbia nor China recognises it (fn 61, 92)."
)
BOUNDARY_NOTE = "Boundaries are illustrative and imply no position on any territory's status."
REGION_NOTE = (
    "The six countries total {total} Chinese projects; the brief's 136 counts the whole Balkans "
    "region since 2013 (BIRN, brief fn 55), so it includes countries outside these six."
)


def selection_phrase(names: list[str], all_count: int) -> str:
    if len(names) == all_count:
        return f"all {all_count} Western Balkan countries"
    return ", ".join(names)


def map_text(indicator: Indicator, shown_names: list[str], all_count: int, sources: pd.DataFrame) -> MapText:
    brief = compact_label(sources, BRIEF_ID)
    boundaries = compact_label(sources, BOUNDARIES_ID)
    if indicator.key == "projects":
        detail = "BIRN 'China in the Balkans' (2021) via brief fn 55"
    elif indicator.key == "projects_per_million":
        detail = "projects: BIRN (2021) via brief fn 55; population: Natural Earth POP_EST (2019)"
    else:
        detail = "its country table"
    unit = f" ({indicator.unit})" if indicator.unit and indicator.kind == "rate" else ""
    return MapText(
        title=f"{indicator.title}{unit}",
        subtitle=f"{indicator.description}; {selection_phrase(shown_names, all_count)}. As of {indicator.as_of_label}.",
        source_line=f"Source: {brief} ({detail}). Boundaries: {boundaries}.",
        notes=(KOSOVO_NOTE, BOUNDARY_NOTE),
    )
