"""The comparison table: the map's text alternative, and the basis of every export.

Columns are the registry's indicators. The readable table has labelled headers; the export table has
machine keys (the countries.csv value column, plus `_source` and `_as_of`) with labels kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wbdash.citations import cite, is_present, source_index
from wbdash.dataset import Dataset
from wbdash.describe import export_value, labelled, row_as_of
from wbdash.registry import Indicator

SOURCE_SUFFIX = "_source"
AS_OF_SUFFIX = "_as_of"
EVIDENCE_SUFFIX = "_evidence"
LOCATOR_SUFFIX = "_locator"


def _text(value: object) -> str | None:
    return str(value) if is_present(value) else None


def _records(rows: pd.DataFrame) -> list[dict[str, object]]:
    # Plain dicts without the geometry: iterrows() over a GeoDataFrame builds a mixed-type Series per
    # row and was most of a page rerun's time.
    return rows[[column for column in rows.columns if column != "geometry"]].to_dict("records")


def table_indicators(dataset: Dataset, keys: list[str]) -> list[Indicator]:
    return [dataset.registry[key] for key in keys]


def comparison_table(dataset: Dataset, selected: list[str], columns: list[str]) -> pd.DataFrame:
    """Readable values only: one row per selected country (in the order of the country table)."""
    countries = dataset.countries
    rows = countries[countries["iso2"].isin(selected)]
    records = _records(rows)
    content = dataset.content
    data: dict[str, list[object]] = {content.text("table.country"): list(rows["name"]),
                                     content.text("table.code"): list(rows["iso2"])}
    for indicator in table_indicators(dataset, columns):
        missing = content.text("values.missing")  # before a status is recorded: said, not left blank
        data[labelled(dataset, indicator)] = [
            missing if (value := export_value(indicator, row[indicator.value_column])) is None
            else value if indicator.is_numeric else indicator.category_name(value)
            for row in records]
    return pd.DataFrame(data)


@dataclass(frozen=True)
class ExportTable:
    """What analysts download: machine keys as column names; labels and descriptions travel beside."""

    frame: pd.DataFrame
    labels: dict[str, str]
    descriptions: dict[str, str]
    indicators: tuple[str, ...]  # registry keys of the value columns, in order


def _with_inputs(dataset: Dataset, keys: list[str]) -> list[Indicator]:
    """The chosen indicators plus what derived ones are computed from, so an analyst can recompute them."""
    chosen: list[Indicator] = []
    for indicator in table_indicators(dataset, keys):
        for item in (indicator, *dataset.registry.inputs(indicator)):
            if item not in chosen:
                chosen.append(item)
    return chosen


def sourced_table(dataset: Dataset, selected: list[str], columns: list[str]) -> ExportTable:
    """Each value followed by its source and as-of columns."""
    countries, content = dataset.countries, dataset.content
    rows = countries[countries["iso2"].isin(selected)]
    records = _records(rows)
    bibliography = source_index(dataset.sources)
    data: dict[str, list[object]] = {"country": list(rows["name"]), "iso2": list(rows["iso2"])}
    labels = {"country": content.text("table.country"), "iso2": content.text("table.code")}
    descriptions = {"country": content.text("export.country_description"),
                    "iso2": content.text("export.code_description")}
    indicators = _with_inputs(dataset, columns)
    for indicator in indicators:
        key = indicator.value_column
        data[key] = [export_value(indicator, row[key]) for row in records]
        data[key + SOURCE_SUFFIX] = [_citation(dataset, indicator, row, bibliography) for row in records]
        data[key + AS_OF_SUFFIX] = [row_as_of(dataset, indicator, row) for row in records]
        basis = dataset.registry.basis(indicator)
        if indicator is basis and basis.columns is not None and basis.columns.evidence and basis.columns.locator:
            data[key + EVIDENCE_SUFFIX] = [_text(row[basis.columns.evidence]) for row in records]
            data[key + LOCATOR_SUFFIX] = [_text(row[basis.columns.locator]) for row in records]
            labels[key + EVIDENCE_SUFFIX] = content.text("export.evidence_label", label=indicator.label)
            labels[key + LOCATOR_SUFFIX] = content.text("export.locator_label", label=indicator.label)
            descriptions[key + EVIDENCE_SUFFIX] = content.text("export.evidence_description", label=indicator.label)
            descriptions[key + LOCATOR_SUFFIX] = content.text("export.locator_description", label=indicator.label)
        labels[key] = indicator.label
        labels[key + SOURCE_SUFFIX] = content.text("export.source_label", label=indicator.label)
        labels[key + AS_OF_SUFFIX] = content.text("export.as_of_label", label=indicator.label)
        unit = content.text("export.unit", unit=indicator.unit) if indicator.unit else ""
        descriptions[key] = f"{indicator.description}{unit}"
        descriptions[key + SOURCE_SUFFIX] = content.text("export.source_description", label=indicator.label)
        descriptions[key + AS_OF_SUFFIX] = content.text("export.as_of_description", label=indicator.label)
    return ExportTable(pd.DataFrame(data), labels, descriptions, tuple(i.key for i in indicators))


def _citation(dataset: Dataset, indicator: Indicator, row: dict, bibliography) -> str:
    parts = []
    for basis in dataset.registry.inputs(indicator):
        assert basis.columns is not None
        footnote = row[basis.columns.footnote] if basis.columns.footnote else None
        parts.append(cite(bibliography, str(row[basis.columns.source]), footnote))
    return "; ".join(dict.fromkeys(parts))
