"""GeoJSON of the joined data for QGIS/ArcGIS users: geometry plus values, sources and as-of dates."""

from __future__ import annotations

import json

import geopandas as gpd

from wbdash.cite_view import ViewCitation
from wbdash.dataset import Dataset
from wbdash.table import sourced_table


def to_geojson_bytes(dataset: Dataset, selected: list[str], columns: list[str],
                     citation: ViewCitation | None = None) -> bytes:
    """The selected countries with the chosen columns, each value followed by its source and as-of; the
    view's citation as a top-level member (GeoJSON allows foreign members; GIS tools keep or ignore it)."""
    table = sourced_table(dataset, selected, columns).frame
    geometry = dataset.countries.set_index("iso2").loc[list(table["iso2"]), "geometry"]
    frame = gpd.GeoDataFrame(table, geometry=list(geometry), crs=dataset.countries.crs)
    collection = json.loads(frame.to_json(na="null", show_bbox=False, drop_id=True))
    collection["name"] = "western-balkans-comparison"
    if citation is not None:
        collection["cite_as"] = citation.plain()
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
