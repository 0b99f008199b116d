"""pages/_maps.py sends the st_folium component exactly what st_folium would, once per view."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest


def _one_way(view: str, direct: bool) -> None:
    """One map, shown by st_folium itself or through show_map."""
    from streamlit_folium import st_folium

    from pages._maps import show_map, split_view
    from wbdash.choropleth import MapText, build_locator_map, build_map
    from wbdash.dataset import load_dataset
    from wbdash.indicators import INDICATORS

    dataset = load_dataset()
    text = MapText(title="A title", subtitle="A subtitle", source_line="A source", notes=("A note",))

    def build():
        if view == "locator":
            return build_locator_map(dataset.countries, dataset.context, "RS", text, [])
        indicator = INDICATORS["nato" if view.endswith("nato") else "eu"]
        return build_map(dataset.countries, dataset.context, indicator, text, selected=["RS", "ME"])

    options = {"key": "the_map", "height": 500, "returned_objects": ["last_active_drawing"]}
    if direct:
        base, view_group = split_view(build())
        st_folium(base, feature_group_to_add=view_group, use_container_width=True, **options)
    else:
        show_map(dataset, ("test", view), build, **options)


def component_args(at: AppTest) -> list[dict]:
    found = []

    def walk(node) -> None:
        if getattr(node, "type", None) == "component_instance":
            found.append(json.loads(node.proto.json_args))
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else []):
            walk(child)

    walk(at._tree)
    return found


@pytest.mark.parametrize("view", ["choropleth", "choropleth-nato", "locator"])
def test_show_map_sends_what_st_folium_sends_and_is_stable(view):
    shown = []
    for direct, reruns in ((True, 1), (False, 2)):  # show_map's rerun is served from its cache
        at = AppTest.from_function(_one_way, args=(view, direct), default_timeout=60)
        for _ in range(reruns):
            at.run()
            assert not at.exception, at.exception
            shown += component_args(at)
    direct, cached, cached_again = shown
    assert cached == direct
    assert cached_again == direct
    assert "http://" not in json.dumps(direct["js_links"] + direct["css_links"])
    assert direct["script"].count("addTo(map_div)") == cached_again["script"].count("addTo(map_div)")


def test_changing_the_indicator_or_selection_keeps_the_map_and_swaps_the_view_group():
    """Same component key and script: st_folium's frontend keeps its iframe and swaps the group only."""
    shown = {}
    for view in ("choropleth", "choropleth-nato"):
        at = AppTest.from_function(_one_way, args=(view, False), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        shown[view] = component_args(at)[0]
    eu, nato = shown["choropleth"], shown["choropleth-nato"]
    assert eu["key"] == nato["key"] and eu["script"] == nato["script"] and eu["header"] == nato["header"]
    assert eu["feature_group"] != nato["feature_group"]
    assert "EU status" in eu["feature_group"] and "NATO status" in nato["feature_group"]
    assert "geo_json" in eu["feature_group"] and "geo_json" not in eu["script"]
