"""Show folium maps in the st_folium component, turning each distinct map into component arguments once.

Building a folium map and rendering it to the component's arguments (script, header, html) is most of a
page's server time, and the result depends only on the dataset and the view (indicator, selection,
highlighted country...). st_folium redoes all of it on every rerun, and cannot be handed the same map
twice: it mutates the map while rendering (layers are added again), so the output grows.

So the rendering steps of `streamlit_folium.st_folium` are done here once per dataset and view, kept
with cache_resource, and each rerun only calls the component: 4.6 ms against 71 ms for the public call
with a freshly built map (tests/benchmarks/map_component.py, 15x). This uses streamlit-folium's private
helpers, so it is guarded three ways: the version is pinned exactly in pyproject.toml, any other
installed version (or any error from the private helpers) falls back to the public `st_folium` call,
and `tests/test_maps.py` checks that the arguments equal what st_folium itself sends.

A map whose view-specific layers sit in a group named VIEW_LAYER is sent as a base map plus that group
(st_folium's `feature_group_to_add`). The base is the same for every view, so st_folium's frontend keeps
its iframe and Leaflet map and only swaps the group when the reader changes the indicator or selection,
instead of loading a new iframe, Leaflet and the whole map again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium

from wbdash.choropleth import VIEW_LAYER
from wbdash.dataset import Dataset

MAX_CACHED_MAPS = 64  # distinct views kept; each holds about 0.2 MB of strings
TESTED_STREAMLIT_FOLIUM = "0.27.4"  # the version whose private helpers the fast path reproduces
FAST_PATH = version("streamlit-folium") == TESTED_STREAMLIT_FOLIUM


@dataclass(frozen=True)
class ComponentArgs:
    """What st_folium sends to its frontend for one map, apart from per-call options."""

    script: str
    header: str
    html: str
    map_id: str
    bounds: dict[str, dict[str, float]]
    zoom: Any
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    feature_group: str | None  # JavaScript adding the view layer group, when the map has one


def _asset_links(folium_map: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element, branca.colormap.ColorMap):
            raise ValueError("a branca colormap makes st_folium load d3 from a CDN; build the legend in HTML")
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(folium_map)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


_GEOJSON_CALL = re.compile(r"geo_json_\w+?_add\(")
# As Jinja's tojson writes them, so that the data stays inert inside a <script>.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def compact_js(text: str) -> str:
    """The same JavaScript in fewer bytes: the GeoJSON data without spaces after its separators (a tenth of the
    map's bytes) and every line without its indentation. Strings in the data are decoded and encoded again, so
    they are unchanged."""
    decoder = json.JSONDecoder()
    pieces, position = [], 0
    for match in _GEOJSON_CALL.finditer(text):
        if match.end() < position:
            continue
        try:
            data, end = decoder.raw_decode(text, match.end())
        except ValueError:
            continue
        pieces += [text[position:match.end()], json.dumps(data, separators=(",", ":"), sort_keys=True).translate(_HTML_SAFE)]
        position = end
    pieces.append(text[position:])
    return re.sub(r"(?m)^[ \t]+", "", "".join(pieces))


def split_view(folium_map: folium.Map) -> tuple[folium.Map, folium.FeatureGroup | None]:
    """Detach the VIEW_LAYER group from a freshly built map: (the base map, the group or None)."""
    groups = [child for child in folium_map._children.values()
              if isinstance(child, folium.FeatureGroup) and child.layer_name == VIEW_LAYER]
    if not groups:
        return folium_map, None
    if len(groups) > 1:
        raise ValueError(f"a map has {len(groups)} {VIEW_LAYER!r} groups; expected one")
    del folium_map._children[groups[0].get_name()]
    return folium_map, groups[0]


def component_args(folium_map: folium.Map) -> ComponentArgs:
    """Render a freshly built map the way st_folium does (consumes the map: do not reuse it)."""
    folium_map, view = split_view(folium_map)
    folium_map.get_root().render()
    folium_map.render()
    html = streamlit_folium._get_html(folium_map)  # before _get_map_string, which alters the map
    header = streamlit_folium._get_header(folium_map)
    script = streamlit_folium._get_map_string(folium_map)
    (south, west), (north, east) = folium_map.get_bounds()
    # As st_folium(feature_group_to_add=view) does: after the base map's strings, before the asset walk.
    feature_group = streamlit_folium._get_feature_group_string(view, map=folium_map) if view is not None else None
    css_links, js_links = _asset_links(folium_map)
    return ComponentArgs(
        script=compact_js(script), header=header, html=html, map_id=streamlit_folium.get_full_id(folium_map),
        bounds={"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        zoom=folium_map.options.get("zoom"), css_links=css_links, js_links=js_links,
        feature_group=compact_js(feature_group) if feature_group is not None else None,
    )


@st.cache_resource(show_spinner=False, max_entries=MAX_CACHED_MAPS)
def _cached_args(view: tuple[Hashable, ...], dataset_id: int, _dataset: Dataset,
                 _build: Callable[[], folium.Map]) -> tuple[ComponentArgs, Dataset]:
    # The dataset is kept with the entry so that its id, part of the key, cannot be reused meanwhile.
    return component_args(_build()), _dataset


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_MAPS * 4)
def _component_key(script: str, key: str) -> str:
    return streamlit_folium.generate_js_hash(script, key, False)


def show_map(dataset: Dataset, view: tuple[Hashable, ...], build: Callable[[], folium.Map], *, key: str,
             height: int, returned_objects: list[str]) -> Any:
    """Show the map `build()` returns, built at most once per dataset and `view`; returns st_folium's value.

    `view` must name everything `build` reads apart from the dataset (indicator, codes, flags). The map
    takes its container's width, as st_folium(use_container_width=True) does.
    """
    if not FAST_PATH:
        return _public_call(build, key=key, height=height, returned_objects=returned_objects)
    try:
        args, _ = _cached_args(view, id(dataset), dataset, build)
    except (AttributeError, TypeError, ValueError):  # the private helpers changed: use the public call
        return _public_call(build, key=key, height=height, returned_objects=returned_objects)
    component_key = _component_key(args.script, key)
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None, "bounds": args.bounds, "zoom": args.zoom, "last_circle_radius": None,
        "last_circle_polygon": None, "selected_layers": None, "selected_tags": None,
        "last_geocoder_result": None,
    }

    def copy_to_key() -> None:
        st.session_state[key] = st.session_state.get(component_key, {})

    return streamlit_folium._component_func(
        script=args.script, header=args.header, html=args.html, id=args.map_id, key=component_key,
        height=height, width=None, returned_objects=returned_objects,
        default={name: value for name, value in defaults.items() if name in returned_objects},
        zoom=None, center=None, feature_group=args.feature_group, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(args.css_links), js_links=list(args.js_links),
        on_change=copy_to_key, wrap_longitude=False,
    )


def _public_call(build: Callable[[], folium.Map], *, key: str, height: int, returned_objects: list[str]) -> Any:
    """The documented st_folium call: slower (the map is built and rendered on every rerun), always correct."""
    folium_map, view = split_view(build())
    return streamlit_folium.st_folium(folium_map, feature_group_to_add=view, key=key, height=height,
                                      use_container_width=True, returned_objects=returned_objects)
