"""The map's layout pieces that run in the browser, checked as objects (their behaviour: tests/browser)."""

from __future__ import annotations

import shapely
import shapely.geometry

from wbdash.choropleth import build_locator_map, build_map
from wbdash.describe import country_map_text, map_text
from wbdash.map_layout import EDGE_FADE_BANDS, PANELS_CHANGED, edge_fade

FRAME = [[38.0, 12.0], [47.4, 28.5]]


def test_the_edge_fade_is_opaque_at_the_edge_and_clears_inwards():
    bands = edge_fade(FRAME).data["features"]
    assert len(bands) == EDGE_FADE_BANDS
    opacities = [band["properties"]["opacity"] for band in bands]
    assert opacities[0] == 1 and opacities == sorted(opacities, reverse=True) and opacities[-1] > 0
    outer = shapely.geometry.shape(bands[0]["geometry"])
    west, south, east, north = outer.bounds
    assert west < 12.0 and south < 38.0 and east > 28.5 and north > 47.4  # covers the outline on the edge
    rings = [shapely.geometry.shape(band["geometry"]) for band in bands]
    assert all(not a.overlaps(b) for i, a in enumerate(rings) for b in rings[i + 1:])  # no band drawn twice


def test_the_edge_fade_stays_clear_of_the_six(dataset):
    six = shapely.union_all(dataset.countries.geometry.values)
    frame_of_context = dataset.context.total_bounds
    frame = [[frame_of_context[1], frame_of_context[0]], [frame_of_context[3], frame_of_context[2]]]
    for band in edge_fade(frame).data["features"]:
        assert not shapely.geometry.shape(band["geometry"]).intersects(six)


def test_both_maps_lay_themselves_out_and_their_boxes_announce_themselves(dataset):
    indicator = dataset.registry["eu"]
    maps = [build_map(dataset, indicator, map_text(dataset, indicator, list(dataset.countries["iso2"]))),
            build_locator_map(dataset, "RS", country_map_text(dataset, "RS"))]
    for folium_map in maps:
        html = folium_map.get_root().render()
        assert "fitBounds" in html and "data-wb-layout" in html  # FitClearOfPanels
        assert "data-wb-hidden" in html  # PlaceLabels
        assert html.count(f'map.fire("{PANELS_CHANGED}")') >= 2  # title and source boxes at least
        assert '"attributionControl": false' in html  # no link to Leaflet's site: one Tab stop less


def test_presentation_maps_fill_their_frame_and_scale_their_text(dataset):
    indicator = dataset.registry["eu"]
    text = map_text(dataset, indicator, list(dataset.countries["iso2"]))
    ordinary = build_map(dataset, indicator, text).get_root().render()
    presented = build_map(dataset, indicator, text, presentation=True).get_root().render()
    assert "--wb-text: clamp(" not in ordinary and "--wb-text: clamp(" in presented
    assert "height: 100.0%" in presented or "height: 100%" in presented
