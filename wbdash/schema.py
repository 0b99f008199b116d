"""The declared schema of every data file: one pandera model per file, validated lazily.

Column titles and descriptions declared here are reused by the table, the exports and the
sources page, so a column is described in exactly one place.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from wbdash.statuses import (
    CNI_STATUS_ORDER,
    EU_STATUS_ORDER,
    FACT_CATEGORIES,
    FOCUS_COUNTRY_CODES,
    NATO_STATUS_ORDER,
    REGION_CODE,
)

PARTIAL_ISO_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
SOURCE_ID = r"^[a-z0-9][a-z0-9-]*$"


def _as_of(title: str) -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(str_matches=PARTIAL_ISO_DATE, title=title, description="As-of date (YYYY, YYYY-MM or YYYY-MM-DD).")


def _source(title: str) -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(str_matches=SOURCE_ID, title=title, description="Source id in data/sources.csv.")


def _footnote(title: str) -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(
        ge=1, le=999, nullable=True, title=title, description="Footnote number in the cited document."
    )


def _note(title: str) -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(nullable=True, str_length={"max_value": 500}, title=title)


class CountrySchema(pa.DataFrameModel):
    """data/countries.csv: one row per country, every value with its source and as-of date."""

    iso2: Series[str] = pa.Field(
        isin=list(FOCUS_COUNTRY_CODES), unique=True, title="Code",
        description="ISO 3166-1 alpha-2 (Kosovo: XK, a user-assigned code).",
    )
    iso3: Series[str] = pa.Field(
        str_matches=r"^[A-Z]{3}$", unique=True, title="ISO3",
        description="ISO 3166-1 alpha-3 (Kosovo: XKX).",
    )
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 80}, title="Country")

    eu_status: Series[str] = pa.Field(
        isin=list(EU_STATUS_ORDER), title="EU status",
        description="Relation to the European Union: member > candidate > potential candidate > none.",
    )
    eu_status_source_id: Series[str] = _source("EU status source")
    eu_status_footnote: Series[pd.Int64Dtype] = _footnote("EU status footnote")
    eu_status_as_of: Series[str] = _as_of("EU status as of")
    eu_status_note: Series[str] = _note("EU status note")

    nato_status: Series[str] = pa.Field(
        isin=list(NATO_STATUS_ORDER), title="NATO status",
        description="Relation to NATO: member > Membership Action Plan > none.",
    )
    nato_status_source_id: Series[str] = _source("NATO status source")
    nato_status_footnote: Series[pd.Int64Dtype] = _footnote("NATO status footnote")
    nato_status_as_of: Series[str] = _as_of("NATO status as of")
    nato_status_note: Series[str] = _note("NATO status note")

    cni_status: Series[str] = pa.Field(
        isin=list(CNI_STATUS_ORDER), title="Clean Network Initiative",
        description="Whether the country signed the US Clean Network Initiative (launched 2020).",
    )
    cni_status_source_id: Series[str] = _source("CNI source")
    cni_status_footnote: Series[pd.Int64Dtype] = _footnote("CNI footnote")
    cni_status_as_of: Series[str] = _as_of("CNI as of")
    cni_status_note: Series[str] = _note("CNI note")

    chinese_projects: Series[int] = pa.Field(
        ge=0, le=10_000, title="Chinese projects",
        description="Number of Chinese projects in the country counted by BIRN's 'China in the Balkans' database (2021), as reported by the brief.",
    )
    chinese_projects_source_id: Series[str] = _source("Chinese projects source")
    chinese_projects_footnote: Series[pd.Int64Dtype] = _footnote("Chinese projects footnote")
    chinese_projects_as_of: Series[str] = _as_of("Chinese projects as of")

    population: Series[int] = pa.Field(
        gt=0, le=1_000_000_000, title="Population",
        description="Population estimate (Natural Earth POP_EST).",
    )
    population_source_id: Series[str] = _source("Population source")
    population_as_of: Series[str] = _as_of("Population as of")

    class Config:
        strict = True
        coerce = True
        ordered = False


class FactSchema(pa.DataFrameModel):
    """data/facts.csv: dated statements in the project's own words, each cited."""

    fact_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$", unique=True, title="Fact id")
    country: Series[str] = pa.Field(isin=[*FOCUS_COUNTRY_CODES, REGION_CODE], title="Country")
    date: Series[str] = pa.Field(str_matches=PARTIAL_ISO_DATE, title="Date", description="When it happened.")
    category: Series[str] = pa.Field(isin=list(FACT_CATEGORIES), title="Category")
    title: Series[str] = pa.Field(str_length={"min_value": 3, "max_value": 120}, title="Title")
    statement: Series[str] = pa.Field(str_length={"min_value": 10, "max_value": 600}, title="Statement")
    source_id: Series[str] = _source("Source")
    footnote: Series[pd.Int64Dtype] = _footnote("Footnote")
    place: Series[str] = pa.Field(nullable=True, str_length={"max_value": 60}, title="Place")
    conflict_group: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[a-z0-9][a-z0-9-]*$", title="Conflict group",
        description="Facts sharing this id are claims that disagree; shown side by side.",
    )

    class Config:
        strict = True
        coerce = True


class SourceSchema(pa.DataFrameModel):
    """data/sources.csv: the bibliography, documents and the footnotes of them that are cited."""

    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID, unique=True, title="Source id")
    parent_id: Series[str] = pa.Field(nullable=True, str_matches=SOURCE_ID, title="Cited in")
    footnote: Series[pd.Int64Dtype] = _footnote("Footnote")
    author: Series[str] = pa.Field(nullable=True, title="Author")
    title: Series[str] = pa.Field(str_length={"min_value": 2}, title="Title")
    short_title: Series[str] = pa.Field(
        nullable=True, str_length={"max_value": 60}, title="Short title",
        description="Compact label for source lines under maps; documents only.",
    )
    publisher: Series[str] = pa.Field(nullable=True, title="Publisher")
    date: Series[str] = pa.Field(nullable=True, str_matches=PARTIAL_ISO_DATE, title="Date")
    url: Series[str] = pa.Field(nullable=True, str_matches=r"^https?://\S+$", title="URL")
    local_file: Series[str] = pa.Field(nullable=True, title="Local copy")
    note: Series[str] = pa.Field(nullable=True, title="Note")

    class Config:
        strict = True
        coerce = True


class RegionFigureSchema(pa.DataFrameModel):
    """data/region.csv: regional figures the brief gives, kept apart from sums of the six."""

    figure_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$", unique=True, title="Figure id")
    label: Series[str] = pa.Field(str_length={"min_value": 3, "max_value": 120}, title="Figure")
    # The upper bound also rejects inf, 'Infinity' and 1e400, which would load as float('inf').
    value: Series[float] = pa.Field(ge=0, le=1e12, title="Value")
    unit: Series[str] = pa.Field(isin=["projects", "percent", "USD"], title="Unit")
    source_id: Series[str] = _source("Source")
    footnote: Series[pd.Int64Dtype] = _footnote("Footnote")
    as_of: Series[str] = _as_of("As of")
    note: Series[str] = _note("Note")

    class Config:
        strict = True
        coerce = True


class PlaceSchema(pa.DataFrameModel):
    """data/places.csv: coordinates of the cities the sources name, for profile maps."""

    place: Series[str] = pa.Field(unique=True, str_length={"min_value": 2, "max_value": 60}, title="Place")
    country: Series[str] = pa.Field(isin=list(FOCUS_COUNTRY_CODES), title="Country")
    latitude: Series[float] = pa.Field(ge=38, le=48, title="Latitude")
    longitude: Series[float] = pa.Field(ge=12, le=29, title="Longitude")
    geonames_id: Series[int] = pa.Field(gt=0, title="GeoNames id")
    source_id: Series[str] = _source("Source")

    class Config:
        strict = True
        coerce = True


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "countries.csv": CountrySchema,
    "facts.csv": FactSchema,
    "sources.csv": SourceSchema,
    "region.csv": RegionFigureSchema,
    "places.csv": PlaceSchema,
}

# (file, column) -> the bibliography column it must resolve to. Checked after per-file validation.
SOURCE_REFERENCES: dict[str, tuple[str, ...]] = {
    "countries.csv": (
        "eu_status_source_id",
        "nato_status_source_id",
        "cni_status_source_id",
        "chinese_projects_source_id",
        "population_source_id",
    ),
    "facts.csv": ("source_id",),
    "region.csv": ("source_id",),
    "places.csv": ("source_id",),
    "sources.csv": ("parent_id",),
}

# (file, source column, footnote column): a footnote must have its "<source>-fn<N>" bibliography row.
FOOTNOTE_REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "countries.csv": (
        ("eu_status_source_id", "eu_status_footnote"),
        ("nato_status_source_id", "nato_status_footnote"),
        ("cni_status_source_id", "cni_status_footnote"),
        ("chinese_projects_source_id", "chinese_projects_footnote"),
    ),
    "facts.csv": (("source_id", "footnote"),),
    "region.csv": (("source_id", "footnote"),),
}


def footnote_source_id(source_id: str, footnote: int) -> str:
    """The bibliography id of footnote N of a document, e.g. ('brief', 55) -> 'brief-fn55'."""
    return f"{source_id}-fn{footnote}"


def column_title(model: type[pa.DataFrameModel], column: str) -> str:
    """The human title declared for a column."""
    field = model.to_schema().columns[column]
    return field.title or column


def column_description(model: type[pa.DataFrameModel], column: str) -> str:
    field = model.to_schema().columns[column]
    return field.description or ""
