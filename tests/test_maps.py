"""wbdash/app/maps.py sends the st_folium component exactly what st_folium would, once per view."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import wbdash.app.maps as maps
from tests.conftest import run_page

COMPONENT = "component_instance"  # how AppTest shows a custom component (an UnknownElement)
OPTIONS = {"key": "the_map", "height": 500, "returned_objects": ["last_active_drawing"]}


def _builder(dataset, view: str):
    from wbdash.choropleth import build_locator_map, build_map
    from wbdash.describe import MapText

    text = MapText(title="A title", subtitle="A subtitle", source_line="A source", notes=("A note",),
                   no_data_label="No data", context_label="Neighbours")

    def build():
        if view == "locator":
            return build_locator_map(dataset, "RS", text, [])
        indicator = dataset.registry["nato" if view.endswith("nato") else "eu"]
        return build_map(dataset, indicator, text, selected=["RS", "ME"])

    return build


def _one_way(view: str, how: str, dataset) -> None:
    """One map, shown by st_folium itself ("direct") or through show_map ("show_map")."""
    from streamlit_folium import st_folium

    from tests.test_maps import OPTIONS, _builder
    from wbdash.app.maps import show_map, split_view

    build = _builder(dataset, view)
    if how == "direct":
        base, view_group = split_view(build())
        st_folium(base, feature_group_to_add=view_group, use_container_width=True, **OPTIONS)
    else:
        show_map(dataset, ("test", view), build, **OPTIONS)


def compacted(args: dict) -> dict:
    """st_folium's arguments with the fast path's compaction applied (wbdash.app.maps.compact_js), without the
    component key, which is a hash of the script (the fast path's own key is checked for stability)."""
    return {**{name: value for name, value in args.items() if name != "key"}, "script": maps.compact_js(args["script"]),
            "feature_group": maps.compact_js(args["feature_group"]) if args["feature_group"] else args["feature_group"]}


def sent(at: AppTest) -> list[dict]:
    """The arguments of each component element on the page, through AppTest's public element API."""
    return [json.loads(element.proto.json_args) for element in at.get(COMPONENT)]


def _run(view: str, how: str, dataset, reruns: int = 1) -> list[dict]:
    at = AppTest.from_function(_one_way, args=(view, how, dataset), default_timeout=60)
    shown = []
    for _ in range(reruns):
        at.run()
        assert not at.exception, at.exception
        args = sent(at)
        assert len(args) == 1, args
        shown += args
    return shown


@pytest.mark.parametrize("view", ["choropleth", "choropleth-nato", "locator"])
def test_show_map_sends_what_st_folium_sends_and_is_stable(dataset, view):
    (direct,) = _run(view, "direct", dataset)
    cached, cached_again = _run(view, "show_map", dataset, reruns=2)  # the rerun is served from the cache
    assert compacted(cached) == compacted(direct)  # compacting twice changes nothing
    assert cached_again == cached
    assert "http://" not in json.dumps(direct["js_links"] + direct["css_links"])
    assert direct["script"].count("addTo(map_div)") == cached_again["script"].count("addTo(map_div)")


@pytest.mark.parametrize("view", ["choropleth", "locator"])
def test_component_args_equal_what_st_folium_sends(dataset, view):
    """The fast path's rendering itself, outside the cache, against st_folium's own arguments."""
    (direct,) = _run(view, "direct", dataset)
    args = maps.component_args(_builder(dataset, view)())
    direct = compacted(direct)
    assert args.script == direct["script"]
    assert args.header == direct["header"]
    assert args.html == direct["html"]
    assert args.map_id == direct["id"]
    assert args.feature_group == direct["feature_group"]
    assert list(args.css_links) == direct["css_links"]
    assert list(args.js_links) == direct["js_links"]
    assert (view == "locator") == (args.feature_group is None)


def test_changing_the_indicator_or_selection_keeps_the_map_and_swaps_the_view_group(dataset):
    """Same component key and script: st_folium's frontend keeps its iframe and swaps the group only."""
    eu, nato = (_run(view, "show_map", dataset)[0] for view in ("choropleth", "choropleth-nato"))
    assert eu["key"] == nato["key"] and eu["script"] == nato["script"] and eu["header"] == nato["header"]
    assert eu["feature_group"] != nato["feature_group"]
    assert "EU status" in eu["feature_group"] and "NATO status" in nato["feature_group"]
    assert "geo_json" in eu["feature_group"] and "geo_json" not in eu["script"]


@pytest.fixture
def public_path(monkeypatch):
    """Force the documented st_folium fallback and record that it is taken."""
    calls = []
    original = maps._public_call

    def spy(*args, **kwargs):
        calls.append(kwargs["key"])
        return original(*args, **kwargs)

    monkeypatch.setattr(maps, "FAST_PATH", False)
    monkeypatch.setattr(maps, "_public_call", spy)
    return calls


@pytest.mark.parametrize("view", ["choropleth", "locator"])
def test_public_call_fallback_draws_the_map(dataset, public_path, view):
    (direct,) = _run(view, "direct", dataset)
    shown = _run(view, "show_map", dataset, reruns=2)  # rebuilt on every rerun, never from the cache
    assert public_path == [OPTIONS["key"]] * 2
    assert shown == [direct, direct]


def test_public_call_fallback_draws_the_overview_map(public_path):
    at = run_page()
    assert len(at.get(COMPONENT)) == 1
    assert public_path, "the overview did not take the st_folium fallback"
    args = sent(at)[0]
    assert "geo_json" in (args["feature_group"] or "") + args["script"]


def test_compaction_keeps_the_data_and_its_strings_and_only_drops_spaces():
    data = {"features": [{"properties": {"name": "Bosnia, and <script>alert('x')</script> & co"},
                          "geometry": {"coordinates": [[19.123, 42.5], [20.0, 43.25]]}}]}
    script = ("    function geo_json_abc_add(data) {\n        layer.addData(data);\n    }\n"
              "    geo_json_abc_add(" + json.dumps(data, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
              .replace("&", "\\u0026").replace("'", "\\u0027") + ");\n")
    compact = maps.compact_js(script)
    assert "function geo_json_abc_add(data) {\nlayer.addData(data);\n}" in compact
    body = compact[compact.index("geo_json_abc_add({") + len("geo_json_abc_add("):compact.rindex(");")]
    assert json.loads(body) == data and body.count(", ") == 1  # only the one inside the name
    assert "<" not in body and "'" not in body  # still inert inside a <script>
    assert len(compact) < len(script)
