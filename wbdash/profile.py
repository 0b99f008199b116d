"""What a country profile shows, computed without Streamlit: headline, timeline, facts, places."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wbdash.bibliography import CitationRegistry
from wbdash.citations import cite
from wbdash.statuses import FACT_CATEGORIES

# Every country has four facts restating its indicators (EU, NATO, CNI, project count); a page
# with nothing beyond them says the sources say little.
INDICATOR_FACTS = 4


@dataclass(frozen=True)
class HeadlineItem:
    label: str
    value: str
    detail: str
    as_of: str
    source_id: str
    footnote: object


def format_date(value: str) -> str:
    """'2019-09' -> 'September 2019'; '2014-07-25' -> '25 July 2014'; '2019' -> '2019'."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def headline(country: pd.Series) -> list[HeadlineItem]:
    """The four indicators with their as-of dates and sources."""
    projects = int(country["chinese_projects"])
    return [
        HeadlineItem("EU status", str(country["eu_status"]), _note(country["eu_status_note"]),
                     format_date(country["eu_status_as_of"]), country["eu_status_source_id"],
                     country["eu_status_footnote"]),
        HeadlineItem("NATO status", str(country["nato_status"]), _note(country["nato_status_note"]),
                     format_date(country["nato_status_as_of"]), country["nato_status_source_id"],
                     country["nato_status_footnote"]),
        HeadlineItem("Clean Network Initiative", str(country["cni_status"]), _note(country["cni_status_note"]),
                     format_date(country["cni_status_as_of"]), country["cni_status_source_id"],
                     country["cni_status_footnote"]),
        HeadlineItem(
            "Chinese projects", str(projects),
            f"Rank {int(country['projects_rank'])} of 6; {country['projects_share']:.1f}% of the six "
            f"countries' projects; {country['projects_per_million']:.1f} per million inhabitants "
            f"(population {int(country['population']):,}, {country['population_as_of']}).",
            format_date(country["chinese_projects_as_of"]), country["chinese_projects_source_id"],
            country["chinese_projects_footnote"],
        ),
    ]


def _note(value: object) -> str:
    return str(value) if isinstance(value, str) else ""


def country_facts(facts: pd.DataFrame, iso2: str) -> pd.DataFrame:
    """The country's facts in date order (partial dates sort as the start of their period)."""
    subset = facts[facts["country"] == iso2].copy()
    subset["_sort"] = subset["date"].str.pad(10, side="right", fillchar="0")
    return subset.sort_values(["_sort", "fact_id"]).drop(columns="_sort").reset_index(drop=True)


def by_category(facts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Facts grouped in the declared category order, skipping empty categories."""
    return [(c, facts[facts["category"] == c]) for c in FACT_CATEGORIES if (facts["category"] == c).any()]


def disagreements(facts: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Groups of facts that record conflicting claims, each group with two or more facts."""
    grouped = facts.dropna(subset=["conflict_group"]).groupby("conflict_group", sort=True)
    return [(name, group) for name, group in grouped if len(group) >= 2]


def says_little(facts: pd.DataFrame) -> bool:
    """True when the sources offer nothing on the country beyond its statuses and project count."""
    return len(facts) <= INDICATOR_FACTS


@dataclass(frozen=True)
class PlaceMarker:
    place: str
    latitude: float
    longitude: float
    events: tuple[str, ...]  # plain text, each with its citation number


def place_markers(facts: pd.DataFrame, places: pd.DataFrame, registry: CitationRegistry) -> list[PlaceMarker]:
    located = facts.dropna(subset=["place"])
    markers = []
    for place, group in located.groupby("place", sort=True):
        row = places.set_index("place").loc[place]
        events = tuple(
            f"{format_date(f['date'])}: {f['title']} [{registry.number(f['source_id'], f['footnote'])}]"
            for f in group.to_dict("records")
        )
        markers.append(PlaceMarker(str(place), float(row["latitude"]), float(row["longitude"]), events))
    return markers


def facts_table(facts: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The facts with full citations, for download."""
    return pd.DataFrame({
        "Country": [names.get(code, "Regional") for code in facts["country"]],
        "Date": list(facts["date"]),
        "Category": list(facts["category"]),
        "Title": list(facts["title"]),
        "Statement": list(facts["statement"]),
        "Place": [p if isinstance(p, str) else "" for p in facts["place"]],
        "Source": [cite(sources, s, f) for s, f in zip(facts["source_id"], facts["footnote"])],
        "Fact id": list(facts["fact_id"]),
    })


def compare_indicators(countries: pd.DataFrame, codes: Sequence[str], rows: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Indicators as rows, countries as columns, plus whether the countries differ."""
    chosen = countries.set_index("iso2").loc[list(codes)]
    table = pd.DataFrame(
        {str(chosen.loc[code, "name"]): [_display(chosen.loc[code, column]) for _, column in rows] for code in codes},
        index=[label for label, _ in rows],
    )
    table["Differ?"] = ["yes" if len(set(values)) > 1 else "no" for values in table.itertuples(index=False)]
    return table


def _display(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


COMPARE_ROWS: tuple[tuple[str, str], ...] = (
    ("EU status (May 2023)", "eu_status"),
    ("NATO status (May 2023)", "nato_status"),
    ("Clean Network Initiative (May 2023)", "cni_status"),
    ("Chinese projects (2021)", "chinese_projects"),
    ("Rank by projects (1 = most)", "projects_rank"),
    ("Share of the six's projects (%)", "projects_share"),
    ("Projects per million inhabitants", "projects_per_million"),
    ("Population (2019)", "population"),
)
