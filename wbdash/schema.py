"""The declared schema of every data file, validated lazily with pandera.

The fixed files have one model each; the country table's columns follow the indicator registry
(data/indicators.yaml), so an indicator added there is validated like the others.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from wbdash.registry import Indicator, Range, Registry
from wbdash.statuses import DATE_KINDS, FACT_CATEGORIES, FOCUS_COUNTRY_CODES, REGION_CODE

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


EVIDENCE_DESCRIPTION = ("An exact phrase of at most 10 words from the cited document, the one the statement "
                        "rests on; `python -m wbdash validate --sources DIR` finds it in the document's text.")
LOCATOR_DESCRIPTION = "Where the phrase is in the document: a footnote ('fn N'), a section and paragraph, a table."
BASES: tuple[str, ...] = ("source", "inference", "general knowledge")


def _evidence(title: str = "Evidence") -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(nullable=True, str_length={"min_value": 3, "max_value": 120}, title=title,
                    description=EVIDENCE_DESCRIPTION)


def _locator(title: str = "Locator") -> pa.Field:  # type: ignore[valid-type]
    return pa.Field(nullable=True, str_length={"min_value": 2, "max_value": 120}, title=title,
                    description=LOCATOR_DESCRIPTION)


class CountryBaseSchema(pa.DataFrameModel):
    """data/countries.csv: one row per country; each indicator in indicators.yaml adds its column group."""

    iso2: Series[str] = pa.Field(
        isin=list(FOCUS_COUNTRY_CODES), unique=True, title="Code",
        description="ISO 3166-1 alpha-2 (Kosovo: XK, a user-assigned code).",
    )
    iso3: Series[str] = pa.Field(
        str_matches=r"^[A-Z]{3}$", unique=True, title="ISO3",
        description="ISO 3166-1 alpha-3 (Kosovo: XKX).",
    )
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 80}, unique=True, title="Country",
                                 description="Unique: pages and tables show countries by name.")

    class Config:
        strict = True
        coerce = True
        ordered = False


def _value_column(indicator: Indicator) -> pa.Column:
    title, description = indicator.label, indicator.description
    if indicator.kind == "category":
        return pa.Column(str, pa.Check.isin(list(indicator.categories)), title=title, description=description)
    bounds = indicator.range or Range(min=0, max=1e12)
    kind = int if indicator.kind in ("count", "rank") else float
    checks = [pa.Check.ge(bounds.min), pa.Check.le(bounds.max)]
    return pa.Column(kind, checks, title=title, description=description)


def country_schema(registry: Registry) -> pa.DataFrameSchema:
    """The countries.csv schema: the base columns plus every stored indicator's column group."""
    columns = dict(CountryBaseSchema.to_schema().columns)
    for indicator in registry.stored():
        group = indicator.columns
        assert group is not None
        columns[group.value] = _value_column(indicator)
        columns[group.source] = pa.Column(str, pa.Check.str_matches(SOURCE_ID), title=f"{indicator.label} source",
                                          description="Source id in data/sources.csv.")
        columns[group.as_of] = pa.Column(str, pa.Check.str_matches(PARTIAL_ISO_DATE), title=f"{indicator.label} as of",
                                         description="As-of date (YYYY, YYYY-MM or YYYY-MM-DD).")
        if group.footnote:
            columns[group.footnote] = pa.Column(
                pd.Int64Dtype(), [pa.Check.ge(1), pa.Check.le(999)], nullable=True,
                title=f"{indicator.label} footnote", description="Footnote number in the cited document.")
        if group.note:
            columns[group.note] = pa.Column(str, pa.Check.str_length(max_value=500), nullable=True,
                                            title=f"{indicator.label} note")
        if group.evidence:
            columns[group.evidence] = pa.Column(str, pa.Check.str_length(3, 120), nullable=True,
                                                title=f"{indicator.label} evidence", description=EVIDENCE_DESCRIPTION)
        if group.locator:
            columns[group.locator] = pa.Column(str, pa.Check.str_length(2, 120), nullable=True,
                                               title=f"{indicator.label} locator", description=LOCATOR_DESCRIPTION)
    return pa.DataFrameSchema(columns, strict=True, coerce=True, ordered=False, title=CountryBaseSchema.__doc__)


class FactSchema(pa.DataFrameModel):
    """data/facts.csv: dated statements in the project's own words, each cited."""

    fact_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$", unique=True, title="Fact id")
    country: Series[str] = pa.Field(isin=[*FOCUS_COUNTRY_CODES, REGION_CODE], title="Country")
    date: Series[str] = pa.Field(str_matches=PARTIAL_ISO_DATE, title="Date",
                                 description="When it happened, or the date the source describes (see date_kind).")
    date_kind: Series[str] = pa.Field(
        isin=list(DATE_KINDS), title="Date kind",
        description="event: the date it happened (shown on timelines); as of: the date the source describes "
                    "a standing situation (shown with the fact, never as a timeline event).",
    )
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
    evidence: Series[str] = _evidence()
    locator: Series[str] = _locator()
    basis: Series[str] = pa.Field(
        isin=list(BASES), title="Basis",
        description="source: the document says it (evidence and locator required); inference: the project's "
                    "own conclusion from it; general knowledge: not in the sources.",
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
    accessed: Series[str] = pa.Field(
        nullable=True, str_matches=PARTIAL_ISO_DATE, title="Accessed",
        description="When the project read the page at its URL (empty for the source documents and the "
                    "footnotes they cite, which were not opened).",
    )

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
    evidence: Series[str] = _evidence()
    locator: Series[str] = _locator()

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


PRECISIONS: dict[str, str] = {  # how exactly a source dates a milestone -> the date format it requires
    "day": r"^\d{4}-\d{2}-\d{2}$",
    "month": r"^\d{4}-\d{2}$",
    "year": r"^\d{4}$",
}
HISTORY_FILE = "status_history.csv"


def history_schema(registry: Registry) -> pa.DataFrameSchema:
    """data/status_history.csv: one row per dated milestone of a timeline indicator (see indicators.yaml).

    Rules that span rows or files (date order, each indicator's own categories, agreement with
    countries.csv at the brief's date) are checked in wbdash.history, which names row and column.
    """
    keys = [i.key for i in registry.timelines()]
    statuses = list(dict.fromkeys(c for i in registry.timelines() for c in i.categories))
    return pa.DataFrameSchema({
        "country": pa.Column(str, pa.Check.isin(list(FOCUS_COUNTRY_CODES)), title="Country",
                             description="ISO 3166-1 alpha-2 (Kosovo: XK)."),
        "indicator": pa.Column(str, pa.Check.isin(keys), title="Indicator",
                               description="Key of a timeline indicator in indicators.yaml."),
        "date": pa.Column(str, pa.Check.str_matches(PARTIAL_ISO_DATE), title="Date",
                          description="When the milestone happened, as exactly as the source gives it."),
        "precision": pa.Column(str, pa.Check.isin(list(PRECISIONS)), title="Precision",
                               description="day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY)."),
        "status": pa.Column(str, pa.Check.isin(statuses), title="Status from then on",
                            description="One of the indicator's ordered categories; unchanged for milestones "
                                        "that do not change the status."),
        "milestone": pa.Column(str, pa.Check.str_length(3, 120), title="Milestone"),
        "source_id": pa.Column(str, pa.Check.str_matches(SOURCE_ID), title="Source",
                               description="Source id in data/sources.csv."),
        "evidence": pa.Column(str, pa.Check.str_length(3, 120), nullable=True, title="Evidence",
                              description="A short exact phrase of the cited page that gives the date."),
        "note": pa.Column(str, pa.Check.str_length(max_value=400), nullable=True, title="Note"),
    }, strict=True, coerce=True, ordered=False, title=history_schema.__doc__)


class ConflictSchema(pa.DataFrameModel):
    """data/conflicts.csv: what each group of disagreeing facts is about; facts.csv rows name their group."""

    conflict_group: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$", unique=True, title="Conflict group")
    topic: Series[str] = pa.Field(str_length={"min_value": 5, "max_value": 160}, title="Topic",
                                  description="The question the sources answer differently, in the project's words.")

    class Config:
        strict = True
        coerce = True


class FactTranslationSchema(pa.DataFrameModel):
    """data/fact_translations.csv: a reviewed translation of a fact's title and statement into one language.

    The citation and the evidence phrase are repeated from the fact and must match it: a translation cannot
    cite another source, and the exact words it rests on stay those of the document.
    """

    fact_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9-]*$", title="Fact id",
                                    description="The fact in facts.csv this translates.")
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$", title="Language",
                                     description="A language code of data/content/languages.yaml (not en).")
    title: Series[str] = pa.Field(str_length={"min_value": 3, "max_value": 160}, title="Title (translated)")
    statement: Series[str] = pa.Field(str_length={"min_value": 10, "max_value": 800}, title="Statement (translated)")
    source_id: Series[str] = _source("Source (as in the fact)")
    footnote: Series[pd.Int64Dtype] = _footnote("Footnote (as in the fact)")
    evidence: Series[str] = _evidence("Evidence (as in the fact)")
    translator: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 120}, title="Translator",
                                       description="Who translated and reviewed it.")

    class Config:
        strict = True
        coerce = True


FIXED_SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "facts.csv": FactSchema,
    "sources.csv": SourceSchema,
    "region.csv": RegionFigureSchema,
    "places.csv": PlaceSchema,
    "conflicts.csv": ConflictSchema,
    "fact_translations.csv": FactTranslationSchema,
}
DATA_FILES: tuple[str, ...] = ("countries.csv", *FIXED_SCHEMAS, HISTORY_FILE)


def table_schemas(registry: Registry) -> dict[str, pa.DataFrameSchema]:
    """Every data file's schema; the country table's and the history's follow the indicator registry."""
    return {"countries.csv": country_schema(registry),
            **{name: model.to_schema() for name, model in FIXED_SCHEMAS.items()},
            HISTORY_FILE: history_schema(registry)}


def source_references(registry: Registry) -> dict[str, tuple[str, ...]]:
    """(file) -> the columns whose values must be source ids in the bibliography."""
    return {
        "countries.csv": tuple(i.columns.source for i in registry.stored() if i.columns),
        "facts.csv": ("source_id",),
        "region.csv": ("source_id",),
        "places.csv": ("source_id",),
        "sources.csv": ("parent_id",),
        HISTORY_FILE: ("source_id",),
    }


def footnote_references(registry: Registry) -> dict[str, tuple[tuple[str, str], ...]]:
    """(file) -> (source column, footnote column) pairs: a footnote needs its "<source>-fn<N>" entry."""
    return {
        "countries.csv": tuple((i.columns.source, i.columns.footnote) for i in registry.stored()
                               if i.columns and i.columns.footnote),
        "facts.csv": (("source_id", "footnote"),),
        "region.csv": (("source_id", "footnote"),),
    }


def footnote_source_id(source_id: str, footnote: int) -> str:
    """The bibliography id of footnote N of a document, e.g. ('brief', 55) -> 'brief-fn55'."""
    return f"{source_id}-fn{footnote}"


def column_title(schema: type[pa.DataFrameModel] | pa.DataFrameSchema, column: str) -> str:
    """The human title declared for a column."""
    field = _as_schema(schema).columns[column]
    return field.title or column


def column_description(schema: type[pa.DataFrameModel] | pa.DataFrameSchema, column: str) -> str:
    field = _as_schema(schema).columns[column]
    return field.description or ""


def _as_schema(schema: type[pa.DataFrameModel] | pa.DataFrameSchema) -> pa.DataFrameSchema:
    return schema if isinstance(schema, pa.DataFrameSchema) else schema.to_schema()
