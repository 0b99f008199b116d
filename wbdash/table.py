"""The comparison table: the map's text alternative, and the basis of every export."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from wbdash.citations import Sources, cite, source_index


@dataclass(frozen=True)
class TableColumn:
    key: str  # used in URLs
    header: str  # readable label with unit and as-of
    value: Callable[[Mapping[str, Any]], object]
    source: Callable[[Mapping[str, Any], Sources], str]
    as_of: Callable[[Mapping[str, Any]], str]
    description: str


def _status_source(column: str) -> Callable[[Mapping[str, Any], Sources], str]:
    return lambda row, sources: cite(sources, row[f"{column}_source_id"], row[f"{column}_footnote"])


def _projects_source(row: Mapping[str, Any], sources: Sources) -> str:
    return cite(sources, row["chinese_projects_source_id"], row["chinese_projects_footnote"])


def _rate_source(row: Mapping[str, Any], sources: Sources) -> str:
    return f"{_projects_source(row, sources)}; population: {cite(sources, row['population_source_id'])}"


TABLE_COLUMNS: dict[str, TableColumn] = {
    column.key: column
    for column in (
        TableColumn(
            "eu", "EU status (May 2023)", lambda r: str(r["eu_status"]), _status_source("eu_status"),
            lambda r: r["eu_status_as_of"],
            "Relation to the EU: member > candidate > potential candidate > none.",
        ),
        TableColumn(
            "nato", "NATO status (May 2023)", lambda r: str(r["nato_status"]), _status_source("nato_status"),
            lambda r: r["nato_status_as_of"],
            "Relation to NATO: member > Membership Action Plan > none.",
        ),
        TableColumn(
            "cni", "Clean Network Initiative (May 2023)", lambda r: str(r["cni_status"]),
            _status_source("cni_status"), lambda r: r["cni_status_as_of"],
            "Whether the country signed the US Clean Network Initiative (launched 2020).",
        ),
        TableColumn(
            "projects", "Chinese projects (count, 2021)", lambda r: int(r["chinese_projects"]), _projects_source,
            lambda r: r["chinese_projects_as_of"],
            "Chinese projects counted by BIRN's 'China in the Balkans' database (2021), as the brief reports.",
        ),
        TableColumn(
            "projects_per_million", "Chinese projects per million inhabitants",
            lambda r: round(float(r["projects_per_million"]), 2), _rate_source,
            lambda r: f"{r['chinese_projects_as_of']} (projects); {r['population_as_of']} (population)",
            "Chinese projects divided by population in millions; rounded to 2 decimals.",
        ),
        TableColumn(
            "share", "Share of the six countries' projects (%)",
            lambda r: round(float(r["projects_share"]), 1), lambda r, s: _projects_source(r, s),
            lambda r: r["chinese_projects_as_of"],
            "The country's projects as a percentage of the six countries' total (122), not of the brief's 136.",
        ),
        TableColumn(
            "rank", "Rank by Chinese projects (1 = most)", lambda r: int(r["projects_rank"]),
            lambda r, s: _projects_source(r, s), lambda r: r["chinese_projects_as_of"],
            "Rank among the six countries by project count; ties share the better rank.",
        ),
        TableColumn(
            "population", "Population (2019 estimate)", lambda r: int(r["population"]),
            lambda r, s: cite(s, r["population_source_id"]), lambda r: r["population_as_of"],
            "Natural Earth POP_EST population estimate.",
        ),
    )
}
DEFAULT_COLUMNS: tuple[str, ...] = ("eu", "nato", "cni", "projects", "projects_per_million", "share", "rank")


def _records(rows: pd.DataFrame) -> list[dict[str, object]]:
    # Plain dicts without the geometry: iterrows() over a GeoDataFrame builds a mixed-type Series per
    # row and was most of a page rerun's time.
    return rows[[column for column in rows.columns if column != "geometry"]].to_dict("records")


def comparison_table(countries: pd.DataFrame, selected: list[str], columns: list[str]) -> pd.DataFrame:
    """Readable values only: one row per selected country (in the order of `countries`)."""
    rows = countries[countries["iso2"].isin(selected)]
    records = _records(rows)
    data: dict[str, list[object]] = {"Country": list(rows["name"]), "Code": list(rows["iso2"])}
    for key in columns:
        column = TABLE_COLUMNS[key]
        data[column.header] = [column.value(row) for row in records]
    return pd.DataFrame(data)


def sourced_table(
    countries: pd.DataFrame, sources: pd.DataFrame, selected: list[str], columns: list[str]
) -> pd.DataFrame:
    """Each value followed by its source and as-of columns: what analysts download."""
    rows = countries[countries["iso2"].isin(selected)]
    records = _records(rows)
    bibliography = source_index(sources)
    data: dict[str, list[object]] = {"Country": list(rows["name"]), "Code": list(rows["iso2"])}
    for key in columns:
        column = TABLE_COLUMNS[key]
        data[column.header] = [column.value(row) for row in records]
        data[f"{column.header} - source"] = [column.source(row, bibliography) for row in records]
        data[f"{column.header} - as of"] = [column.as_of(row) for row in records]
    return pd.DataFrame(data)
