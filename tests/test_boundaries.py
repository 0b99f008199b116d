"""The boundary file and its join: all six countries, valid, non-overlapping, small and precise."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from wbdash.boundaries import join_countries, load_boundaries, split_layers
from wbdash.errors import DataValidationError, JoinError
from wbdash.paths import BOUNDARIES_FILE
from wbdash.validate import load_tables


def test_joined_frame_has_all_six_with_kosovo(dataset):
    assert sorted(dataset.countries["iso2"]) == ["AL", "BA", "ME", "MK", "RS", "XK"]
    kosovo = dataset.country("XK")
    assert kosovo["iso3"] == "XKX" and not kosovo["geometry"].is_empty


def test_every_geometry_is_valid_and_the_coverage_has_no_overlaps(dataset):
    geometries = [*dataset.countries.geometry, *dataset.context.geometry]
    assert all(g.is_valid for g in geometries)
    assert shapely.coverage_is_valid(shapely.GeometryCollection(geometries))


def test_serbia_and_kosovo_touch_but_do_not_overlap(dataset):
    serbia, kosovo = dataset.country("RS")["geometry"], dataset.country("XK")["geometry"]
    assert serbia.touches(kosovo) or serbia.intersection(kosovo).area < 1e-9
    assert serbia.intersection(kosovo).area < 1e-9
    assert serbia.boundary.intersection(kosovo.boundary).length > 1  # a shared border, in degrees


def test_neighbouring_countries_form_the_context_layer(dataset):
    names = set(dataset.context["name"])
    assert {"Croatia", "Hungary", "Romania", "Bulgaria", "Greece"} <= names
    assert not names & set(dataset.countries["name"])


def test_file_meets_size_and_precision_targets():
    raw = BOUNDARIES_FILE.read_text(encoding="utf-8")
    assert len(raw.encode("utf-8")) < 300_000
    decimals = [len(m) for m in re.findall(r"-?\d+\.(\d+)", raw)]
    assert decimals and max(decimals) <= 5


def test_join_rejects_a_country_without_geometry(tmp_path):
    frame = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    frame["features"] = [f for f in frame["features"] if f["properties"]["adm0_a3"] != "KOS"]
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps(frame), encoding="utf-8")
    focus, _ = split_layers(load_boundaries(path))
    with pytest.raises(JoinError, match="no geometry: XKX"):
        join_countries(load_tables().countries, focus)


def test_join_rejects_a_geometry_without_a_row():
    focus, _ = split_layers(load_boundaries(BOUNDARIES_FILE))
    countries = load_tables().countries
    with pytest.raises(JoinError, match="geometry with no country row: MNE"):
        join_countries(countries[countries["iso2"] != "ME"], focus)


def test_join_rejects_a_duplicated_geometry_key():
    focus, _ = split_layers(load_boundaries(BOUNDARIES_FILE))
    doubled = gpd.GeoDataFrame(
        [*focus.to_dict("records"), {**focus.iloc[0].to_dict(), "geometry": box(0, 0, 1, 1)}],
        geometry="geometry", crs=focus.crs,
    )
    with pytest.raises(JoinError, match="duplicate key"):
        join_countries(load_tables().countries, doubled)


def test_join_rejects_an_unmapped_boundary_code():
    focus, _ = split_layers(load_boundaries(BOUNDARIES_FILE))
    focus.loc[focus["adm0_a3"] == "KOS", "adm0_a3"] = "-99"
    with pytest.raises(JoinError, match="no country mapping: -99"):
        join_countries(load_tables().countries, focus)


@pytest.mark.parametrize(
    ("content", "words"),
    [("", "not a readable GeoJSON"), ("{not json", "not a readable GeoJSON"),
     ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "x"}, '
      '"geometry": {"type": "Point", "coordinates": [1, 2]}}]}', "missing")],
    ids=["empty", "not json", "missing properties"],
)
def test_bad_boundary_file_is_a_located_error(tmp_path, content, words):
    path = tmp_path / "boundaries.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_boundaries(path)
    assert caught.value.issues[0].file == "boundaries.geojson"
    assert words in str(caught.value)


def test_missing_boundary_file_is_a_located_error(tmp_path):
    with pytest.raises(DataValidationError, match="not found"):
        load_boundaries(tmp_path / "boundaries.geojson")
