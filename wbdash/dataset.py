"""The single entry point: load, validate, join and derive. Everything the pages show comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wbdash.boundaries import join_countries, load_boundaries, split_layers
from wbdash.content import Content, load_content, placeholders
from wbdash.errors import DataIssue, DataValidationError
from wbdash.figures import data_figures
from wbdash.history import History, Month, effective_month
from wbdash.metrics import add_metrics
from wbdash.paths import BOUNDARIES_FILE, DATA_DIR
from wbdash.registry import REGISTRY_FILE, Registry
from wbdash.validate import load_tables


@dataclass(frozen=True)
class Dataset:
    registry: Registry  # the indicators, declared in data/indicators.yaml
    countries: gpd.GeoDataFrame  # the six, joined to their boundaries, with derived metrics
    context: gpd.GeoDataFrame  # neighbouring countries, drawn neutrally
    facts: pd.DataFrame
    sources: pd.DataFrame
    region: pd.DataFrame  # regional figures from the brief (e.g. 136 projects Balkans-wide)
    places: pd.DataFrame  # coordinates of cities named by the sources
    conflicts: pd.DataFrame  # the topic of each group of disagreeing facts
    content: Content  # every sentence the dashboard writes, figures filled in from the data
    history: History  # dated milestones of the timeline indicators (data/status_history.csv)
    brief_month: Month  # the month the countries.csv statuses describe: the default view
    view_month: Month  # the month the countries' statuses describe in this view (wbdash.as_of)
    fact_translations: pd.DataFrame = field(default_factory=pd.DataFrame)  # data/fact_translations.csv

    @property
    def is_brief_view(self) -> bool:
        return self.view_month == self.brief_month

    def country(self, iso2: str) -> pd.Series:
        return self.countries.set_index("iso2").loc[iso2]

    def region_figure(self, figure_id: str) -> pd.Series:
        return self.region.set_index("figure_id").loc[figure_id]


def load_dataset(data_dir: Path = DATA_DIR, boundaries_file: Path = BOUNDARIES_FILE) -> Dataset:
    """Raises DataValidationError (bad files) or JoinError (countries and boundaries disagree)."""
    tables = load_tables(data_dir)
    focus, context = split_layers(load_boundaries(boundaries_file))
    joined = join_countries(tables.countries, focus)
    countries = add_metrics(joined, tables.registry).sort_values("name").reset_index(drop=True)
    figures = data_figures(tables.registry, countries, tables.region, tables.sources)
    content = load_content(data_dir, figures, set(tables.sources["source_id"]), set(tables.registry.by_key))
    _check_registry_templates(tables.registry, figures)
    brief_month = _brief_month(tables.registry, countries)
    return Dataset(
        history=tables.history,
        brief_month=brief_month,
        view_month=brief_month,
        content=content,
        registry=tables.registry,
        countries=gpd.GeoDataFrame(countries, geometry="geometry", crs=joined.crs),
        context=context,
        facts=tables.facts,
        sources=tables.sources,
        region=tables.region,
        places=tables.places,
        conflicts=tables.conflicts,
        fact_translations=tables.fact_translations,
    )


def data_fingerprint(data_dir: Path = DATA_DIR, boundaries_file: Path = BOUNDARIES_FILE) -> tuple:
    """(path, size, modification time) of every data file and the boundaries: changes when a file does."""
    # Compiled catalogs (.mo) are made from the .po files, which are counted.
    paths = sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix != ".mo") if data_dir.is_dir() else []
    entries = []
    for path in [*paths, boundaries_file]:
        try:
            stat = path.stat()
        except OSError:
            entries.append((str(path), -1, -1))
            continue
        entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _brief_month(registry: Registry, countries: pd.DataFrame) -> Month:
    """The latest as-of date of the timeline indicators' values (of all stored ones when none has a timeline)."""
    indicators = registry.timelines() or registry.stored()
    return max(effective_month(str(value)) for indicator in indicators
               for value in countries[indicator.columns.as_of])  # type: ignore[union-attr]


def _check_registry_templates(registry: Registry, figures: dict[str, str]) -> None:
    """Headline details may name other indicators and data figures, nothing else."""
    issues = []
    for indicator in registry.indicators:
        if indicator.headline_detail is None:
            continue
        if indicator.columns is None:
            issues.append(DataIssue(REGISTRY_FILE, None, "places", "only stored indicators can be headlines",
                                    key=indicator.key))
        unknown = [n for n in placeholders(indicator.headline_detail) if n not in registry.by_key and n not in figures]
        if unknown:
            issues.append(DataIssue(REGISTRY_FILE, None, "headline_detail",
                                    f"unknown placeholder(s) {', '.join(unknown)}", key=indicator.key))
    for indicator in registry.in_place("headline"):
        if indicator.columns is None:
            issues.append(DataIssue(REGISTRY_FILE, None, "places", "only stored indicators can be headlines",
                                    key=indicator.key))
    if issues:
        raise DataValidationError(issues)
