"""GeoJSON of the joined data for QGIS/ArcGIS users: geometry plus values, sources and as-of dates."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from wbdash.table import sourced_table


def to_geojson_bytes(countries: gpd.GeoDataFrame, sources: pd.DataFrame, selected: list[str],
                     columns: list[str]) -> bytes:
    """The selected countries with the chosen columns, each value followed by its source and as-of."""
    table = sourced_table(countries, sources, selected, columns)
    geometry = countries.set_index("iso2").loc[list(table["Code"]), "geometry"]
    frame = gpd.GeoDataFrame(table, geometry=list(geometry), crs=countries.crs)
    collection = json.loads(frame.to_json(na="null", show_bbox=False, drop_id=True))
    collection["name"] = "western-balkans-comparison"
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
