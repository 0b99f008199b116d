"""Load the boundary layer and join it to the country table, refusing any join that loses a country."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wbdash.errors import DataIssue, DataValidationError, JoinError

# Natural Earth's ADM0_A3 for each focus country -> the ISO3 used in data/countries.csv.
# Kosovo has no ISO code: Natural Earth writes ADM0_A3 "KOS" and ISO_A3 "-99"; we use XKX.
NATURAL_EARTH_TO_ISO3: dict[str, str] = {
    "ALB": "ALB",
    "BIH": "BIH",
    "KOS": "XKX",
    "MNE": "MNE",
    "MKD": "MKD",
    "SRB": "SRB",
}
REQUIRED_PROPERTIES = ("adm0_a3", "name", "role")
ROLES = ("focus", "context")


def load_boundaries(path: Path) -> gpd.GeoDataFrame:
    """Read the GeoJSON and check it has the properties the join needs."""
    name = path.name
    if not path.is_file():
        raise DataValidationError([DataIssue(name, None, None, f"file not found: {path.name} (see geo/PROVENANCE.md to rebuild it)")])
    try:
        json.loads(path.read_text(encoding="utf-8"))
        frame = gpd.read_file(path)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataValidationError([DataIssue(name, None, None, f"not a readable GeoJSON file: {exc}")]) from exc
    issues = [
        DataIssue(name, None, prop, "required feature property is missing")
        for prop in REQUIRED_PROPERTIES
        if prop not in frame.columns
    ]
    if not issues:
        for position, (role, geometry) in enumerate(zip(frame["role"], frame.geometry, strict=False)):
            feature = f"feature {position + 1}"
            if role not in ROLES:
                issues.append(DataIssue(name, None, "role", f"{feature}: {role!r} is not one of {ROLES}"))
            if geometry is None or geometry.is_empty:
                issues.append(DataIssue(name, None, "geometry", f"{feature}: geometry is empty"))
            elif not geometry.is_valid:
                issues.append(DataIssue(name, None, "geometry", f"{feature}: geometry is not valid"))
    if issues:
        raise DataValidationError(issues)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


def split_layers(boundaries: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Focus countries (to be joined) and the neutral context layer."""
    focus = boundaries[boundaries["role"] == "focus"].copy()
    context = boundaries[boundaries["role"] == "context"].copy().reset_index(drop=True)
    return focus, context


def join_countries(countries: pd.DataFrame, focus: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per country with its geometry; JoinError if the two sides do not match one to one."""
    problems: list[str] = []
    unmapped = sorted(set(focus["adm0_a3"]) - set(NATURAL_EARTH_TO_ISO3))
    if unmapped:
        problems.append(f"boundary code(s) with no country mapping: {', '.join(unmapped)}")
    geo = focus.assign(iso3=focus["adm0_a3"].map(NATURAL_EARTH_TO_ISO3))[["iso3", "geometry"]]
    geo = geo.dropna(subset=["iso3"])

    for side, codes in (("country table", countries["iso3"]), ("boundaries", geo["iso3"])):
        duplicated = sorted(set(codes[codes.duplicated()]))
        if duplicated:
            problems.append(f"duplicate key(s) in the {side}: {', '.join(duplicated)}")
    no_geometry = sorted(set(countries["iso3"]) - set(geo["iso3"]))
    if no_geometry:
        problems.append(f"country row(s) with no geometry: {', '.join(no_geometry)}")
    no_row = sorted(set(geo["iso3"]) - set(countries["iso3"]))
    if no_row:
        problems.append(f"geometry with no country row: {', '.join(no_row)}")
    if problems:
        raise JoinError("The country table and the boundaries do not match: " + "; ".join(problems))

    joined = countries.merge(geo, on="iso3", how="inner", validate="one_to_one")
    if len(joined) != len(countries):
        raise JoinError(f"join kept {len(joined)} of {len(countries)} countries")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=focus.crs)
