"""The map builder as a plain object: layers, classes, legend, escaping, and no remote assets."""

from __future__ import annotations

import dataclasses
import json
import re

import folium
import pytest

from wbdash.choropleth import CONTEXT_LAYER, FOCUS_LAYER, build_map
from wbdash.classes import NO_DATA_COLOR, classify, legend_classes
from wbdash.describe import MapText
from wbdash.map_layout import EDGE_LAYER
from wbdash.paths import DATA_DIR
from wbdash.registry import load_registry

TEXT = MapText("A title", "A subtitle", "Source: somewhere", ("A note",), "No data", "Neighbouring countries")
# Parametrisation needs the keys at collection time; the registry file alone is cheap to read.
MAP_KEYS = [indicator.key for indicator in load_registry(DATA_DIR).in_place("map")]


def _html(folium_map: folium.Map) -> str:
    return folium_map.get_root().render()


def _layers(element) -> dict[str, folium.GeoJson]:
    """The GeoJSON layers anywhere in the map (the choropleth keeps them in its view group)."""
    found = {}
    for child in element._children.values():
        if isinstance(child, folium.GeoJson):
            found[child.layer_name] = child
        found.update(_layers(child))
    return found


def _markers(dataset, iso2: str):
    from wbdash.bibliography import CitationRegistry
    from wbdash.profile import country_facts, place_markers

    return place_markers(country_facts(dataset.facts, iso2), dataset.places, CitationRegistry(dataset.sources, dataset.content))


def test_map_indicators_are_the_registry_s():
    assert MAP_KEYS == ["eu", "nato", "cni", "projects", "projects_per_million"]


@pytest.mark.parametrize("key", MAP_KEYS)
def test_map_has_focus_and_context_layers_and_legend(dataset, key):
    indicator = dataset.registry[key]
    folium_map = build_map(dataset, indicator, TEXT)
    layers = _layers(folium_map)
    assert set(layers) == {FOCUS_LAYER, CONTEXT_LAYER, EDGE_LAYER}
    assert len(layers[FOCUS_LAYER].data["features"]) == 6
    assert len(layers[CONTEXT_LAYER].data["features"]) == len(dataset.context)
    html = _html(folium_map)
    for legend_class in legend_classes(indicator):
        assert legend_class.label.replace("–", "\\u2013") in html or legend_class.label in html
    assert TEXT.no_data_label in html
    assert TEXT.context_label in html


@pytest.mark.parametrize("key", MAP_KEYS)
def test_no_asset_is_loaded_from_the_internet(dataset, key):
    folium_map = build_map(dataset, dataset.registry[key], TEXT)
    html = _html(folium_map)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), re.findall(r"https?://[^\s\"']+", html)
    assets = [url for _, url in folium_map.default_js + folium_map.default_css]
    assert assets and all(url.startswith("../../app/static/") for url in assets)


@pytest.mark.parametrize("key", MAP_KEYS)
def test_maps_need_leaflet_only_no_jquery_or_bootstrap(dataset, key):
    """localise_assets serves Leaflet alone; this holds only while no element calls jQuery or Bootstrap."""
    from wbdash.choropleth import build_locator_map

    markers = _markers(dataset, "RS")
    for folium_map in (build_map(dataset, dataset.registry[key], TEXT, online_basemap=True),
                       build_locator_map(dataset, "RS", TEXT, markers)):
        html = _html(folium_map)
        assert not re.search(r"\$\(|\$\.|jQuery|bootstrap", html), re.findall(r".{20}(?:\$\(|\$\.|jQuery).{20}", html)
        assert [name for name, _ in folium_map.default_js] == ["leaflet"]


def test_online_basemap_is_off_by_default_and_opt_in(dataset):
    offline = _html(build_map(dataset, dataset.registry["eu"], TEXT))
    online = _html(build_map(dataset, dataset.registry["eu"], TEXT, online_basemap=True))
    assert "tile.openstreetmap.org" not in offline
    assert "tile.openstreetmap.org" in online


def test_colours_follow_the_classes(dataset):
    indicator = dataset.registry["projects"]
    folium_map = build_map(dataset, indicator, TEXT)
    fills = {f["properties"]["iso2"]: f["properties"]["fill"] for f in _layers(folium_map)[FOCUS_LAYER].data["features"]}
    classes = legend_classes(indicator)
    assert fills["XK"] == classes[0].color  # zero is its own class
    assert fills["AL"] == fills["ME"] == classes[1].color  # 8 and 9: 1–9
    assert fills["MK"] == classes[2].color  # 15: 10–24
    assert fills["BA"] == classes[3].color  # 29: 25–49
    assert fills["RS"] == classes[4].color  # 61: 50 or more


def test_status_colours_follow_the_status_order(dataset):
    indicator = dataset.registry["eu"]
    classification = classify(indicator, dataset.countries)
    assert classification.assignment["XK"] == 1  # potential candidate
    assert classification.assignment["RS"] == 2  # candidate
    assert [c.label for c in classification.classes] == ["none", "potential candidate", "candidate", "member"]
    assert [c.label for c in classification.classes] == list(indicator.categories)


def test_no_data_is_a_labelled_grey_class_never_black(dataset):
    countries = dataset.countries.copy()
    countries["chinese_projects"] = countries["chinese_projects"].astype("float")
    countries.loc[countries["iso2"] == "AL", "chinese_projects"] = float("nan")
    classification = classify(dataset.registry["projects"], countries)
    assert classification.color_of("AL") == classification.no_data_color == NO_DATA_COLOR != "#000000"
    assert classification.label_of("AL") is None  # the view names it in its own words
    assert classification.has_no_data
    # ... and the map does: the country's class label and the legend say "No data", in grey.
    folium_map = build_map(dataclasses.replace(dataset, countries=countries), dataset.registry["projects"], TEXT)
    albania = next(f for f in _layers(folium_map)[FOCUS_LAYER].data["features"] if f["properties"]["iso2"] == "AL")
    assert albania["properties"]["class_label"] == TEXT.no_data_label
    assert albania["properties"]["fill"] == NO_DATA_COLOR
    assert f"background:{NO_DATA_COLOR}" in _html(folium_map)


def test_unselected_countries_are_drawn_as_context(dataset):
    folium_map = build_map(dataset, dataset.registry["projects"], TEXT, selected=["RS", "ME"])
    layers = _layers(folium_map)
    assert {f["properties"]["iso2"] for f in layers[FOCUS_LAYER].data["features"]} == {"RS", "ME"}
    assert len(layers[CONTEXT_LAYER].data["features"]) == len(dataset.context) + 4


def test_data_text_is_escaped_in_tooltip_labels_and_controls(dataset):
    hostile = "<img src=x onerror=alert(1)>"
    countries = dataset.countries.copy()
    countries.loc[countries["iso2"] == "RS", "name"] = hostile
    text = MapText(hostile, hostile, hostile, (hostile,), hostile, hostile)
    html = _html(build_map(dataclasses.replace(dataset, countries=countries), dataset.registry["projects"], text))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u0026lt;img" in html


def test_title_subtitle_and_source_are_in_the_map_frame(dataset):
    html = _html(build_map(dataset, dataset.registry["nato"], TEXT))
    for words in ("A title", "A subtitle", "Source: somewhere", "A note"):
        assert words in html


def test_locator_map_highlights_one_country_and_marks_places(dataset):
    from wbdash.choropleth import build_locator_map

    folium_map = build_locator_map(dataset, "RS", TEXT, _markers(dataset, "RS"))
    layers = _layers(folium_map)
    assert [f["properties"]["iso2"] for f in layers["Selected country"].data["features"]] == ["RS"]
    html = _html(folium_map)
    assert "Smederevo" in html and "Kragujevac" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_locator_map_rejects_an_unknown_country(dataset):
    from wbdash.choropleth import build_locator_map

    with pytest.raises(ValueError):
        build_locator_map(dataset, "ZZ", TEXT)


def test_coordinates_sent_to_the_browser_are_rounded_below_a_pixel(dataset):
    import re

    from wbdash.choropleth import CONTEXT_DECIMALS, FOCUS_DECIMALS

    indicator = dataset.registry["eu"]
    layers = _layers(build_map(dataset, indicator, TEXT, selected=["RS", "ME"]))
    for name, decimals in ((CONTEXT_LAYER, CONTEXT_DECIMALS), (FOCUS_LAYER, FOCUS_DECIMALS)):
        text = json.dumps(layers[name].data["features"][0]["geometry"])
        places = [len(number.split(".")[1]) for number in re.findall(r"-?\d+\.\d+", text)]
        assert places and max(places) <= decimals, name
    assert len(layers[CONTEXT_LAYER].data["features"]) == len(dataset.context) + 4  # the four not selected
