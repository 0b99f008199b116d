"""The single entry point: load, validate, join and derive. Everything the pages show comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wbdash.boundaries import join_countries, load_boundaries, split_layers
from wbdash.metrics import add_metrics
from wbdash.paths import BOUNDARIES_FILE, DATA_DIR
from wbdash.validate import load_tables


@dataclass(frozen=True)
class Dataset:
    countries: gpd.GeoDataFrame  # the six, joined to their boundaries, with derived metrics
    context: gpd.GeoDataFrame  # neighbouring countries, drawn neutrally
    facts: pd.DataFrame
    sources: pd.DataFrame
    region: pd.DataFrame  # regional figures from the brief (e.g. 136 projects Balkans-wide)
    places: pd.DataFrame  # coordinates of cities named by the sources

    def country(self, iso2: str) -> pd.Series:
        return self.countries.set_index("iso2").loc[iso2]

    def region_figure(self, figure_id: str) -> pd.Series:
        return self.region.set_index("figure_id").loc[figure_id]


def load_dataset(data_dir: Path = DATA_DIR, boundaries_file: Path = BOUNDARIES_FILE) -> Dataset:
    """Raises DataValidationError (bad files) or JoinError (countries and boundaries disagree)."""
    tables = load_tables(data_dir)
    focus, context = split_layers(load_boundaries(boundaries_file))
    joined = join_countries(tables.countries, focus)
    countries = add_metrics(joined).sort_values("name").reset_index(drop=True)
    return Dataset(
        countries=gpd.GeoDataFrame(countries, geometry="geometry", crs=joined.crs),
        context=context,
        facts=tables.facts,
        sources=tables.sources,
        region=tables.region,
        places=tables.places,
    )
