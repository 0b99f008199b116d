"""Server time of showing the overview map: the cached component arguments vs st_folium's public API.

Measures, in one run and on one machine, the warm-rerun cost of two ways of putting the overview map
(projects indicator, all six countries) on a page:

(a) `show_map` from the Streamlit edge's maps module (`wbdash.app.maps`), which renders
    each distinct view to st_folium's component arguments once and keeps them with cache_resource;
(b) `streamlit_folium.st_folium(base_map, feature_group_to_add=view_group, ...)`, the public API, with the
    dataset (and so its geometry) kept with cache_resource but the folium map built and rendered afresh on
    every rerun. `build_map` serialises the geometry to GeoJSON itself, so that step is redone each rerun.

A map cannot be cached for (b): st_folium mutates the map it is given (it adds the feature group to it and
re-renders the root), so passing the same map twice sends larger, different arguments. `mutation_check`
shows this with the public API and the figures are printed beside the timings.

Each path runs in its own `AppTest.from_string`, once to warm its caches, then N timed `at.run()` calls,
alternating a and b so machine noise hits both. Also printed: the bytes of the component's big string
arguments (script + header + html + feature_group) each path sends per rerun.

    .venv/bin/python -m tests.benchmarks.map_component [--runs 15]
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import time
from collections.abc import Sequence
from types import ModuleType

from streamlit.testing.v1 import AppTest

import wbdash.app.maps
from tests.benchmarks.common import REPO_ROOT, format_grid, kb, median, percentile, ratio_text

APP_TIMEOUT_S = 120
MAP_COMPONENT = "streamlit_folium.st_folium"
ARG_PARTS = ("script", "header", "html", "feature_group")

PRELUDE = """\
import sys

sys.path.insert(0, {root!r})

import streamlit as st

from {maps} import show_map, split_view
from wbdash.choropleth import build_map
from wbdash.dataset import load_dataset
from wbdash.describe import map_text


@st.cache_resource
def dataset():
    return load_dataset()


data = dataset()
indicator = data.registry["projects"]
selected = list(data.countries["iso2"])
text = map_text(data, indicator, selected)
"""

CACHED_ARGS_APP = PRELUDE + """
show_map(data, ("bench", indicator.key, tuple(selected)),
         lambda: build_map(data, indicator, text, selected=selected),
         key="overview_map", height=700, returned_objects=["last_active_drawing"])
"""

PUBLIC_API_APP = PRELUDE + """
from streamlit_folium import st_folium

base_map, view_group = split_view(build_map(data, indicator, text, selected=selected))
st_folium(base_map, feature_group_to_add=view_group, key="overview_map", height=700,
          returned_objects=["last_active_drawing"], use_container_width=True)
"""

# The public API handed one cached map on every rerun: what (b) would be if the map could be cached.
REUSED_MAP_APP = PRELUDE + """
from streamlit_folium import st_folium


@st.cache_resource
def one_map():
    return split_view(build_map(data, indicator, text, selected=selected))


base_map, view_group = one_map()
st_folium(base_map, feature_group_to_add=view_group, key="overview_map", height=700,
          returned_objects=["last_active_drawing"], use_container_width=True)
"""


def maps_module() -> ModuleType:
    """The module whose show_map the dashboard's pages use."""
    return wbdash.app.maps


def app(template: str, maps: ModuleType) -> AppTest:
    return AppTest.from_string(template.format(root=str(REPO_ROOT), maps=maps.__name__),
                               default_timeout=APP_TIMEOUT_S)


def checked_run(at: AppTest, label: str) -> float:
    """Seconds for one `at.run()`; raises when the script failed or showed no map."""
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{label}: the script raised {at.exception[0].message}")
    if not arg_bytes(at):
        raise RuntimeError(f"{label}: no st_folium component on the page")
    return elapsed


def arg_bytes(at: AppTest) -> dict[str, int]:
    """UTF-8 bytes of the st_folium element's big string arguments on the last run, and their total."""
    for element in at.get("component_instance"):
        if element.proto.component_name == MAP_COMPONENT:
            args = json.loads(element.proto.json_args)
            parts = {key: len(str(args.get(key) or "").encode()) for key in ARG_PARTS}
            return {**parts, "total": sum(parts.values())}
    return {}


def fresh_map_bytes(maps: ModuleType) -> int:
    """The same parts computed by the maps module's `component_args` on a freshly built map."""
    from wbdash.choropleth import build_map
    from wbdash.dataset import load_dataset
    from wbdash.describe import map_text

    data = load_dataset()
    indicator = data.registry["projects"]
    selected = list(data.countries["iso2"])
    text = map_text(data, indicator, selected)
    args = maps.component_args(build_map(data, indicator, text, selected=selected))
    return sum(len((getattr(args, key) or "").encode()) for key in ARG_PARTS)


def mutation_check(maps: ModuleType, reruns: int = 3) -> list[int]:
    """Argument bytes per rerun when st_folium gets the same cached map each time; growth = mutation."""
    at = app(REUSED_MAP_APP, maps)
    sizes = []
    for index in range(reruns):
        checked_run(at, f"reused map, run {index + 1}")
        sizes.append(arg_bytes(at)["total"])
    return sizes


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


class _NoBareModeWarning(logging.Filter):
    """AppTest's main thread has no ScriptRunContext; Streamlit warns about it on every access."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.map_component",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed warm reruns per path (default 15)")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoBareModeWarning())

    maps = maps_module()
    paths = {"a": app(CACHED_ARGS_APP, maps), "b": app(PUBLIC_API_APP, maps)}
    for label, at in paths.items():
        checked_run(at, label)  # warm: dataset (both) and component arguments (a)
    times: dict[str, list[float]] = {label: [] for label in paths}
    for index in range(args.runs):
        for label in ("a", "b") if index % 2 == 0 else ("b", "a"):
            times[label].append(checked_run(paths[label], label))
    sent = {label: arg_bytes(at) for label, at in paths.items()}
    reused = mutation_check(maps)

    a_median = median(times["a"])
    names = {"a": f"(a) show_map, cached args ({maps.__name__})",
             "b": "(b) st_folium, fresh map per rerun"}
    lines = [["path", "median ms", "p90 ms", "ratio b/a", "args sent (script+header+html+fg)"]]
    for label in paths:
        lines.append([names[label], ms(median(times[label])), ms(percentile(times[label], 0.9)),
                      ratio_text(median(times[label]), a_median), kb(sent[label]["total"])])
    print(format_grid(f"Overview map, server time of a warm rerun (AppTest), {args.runs} runs each, alternating",
                      lines))
    print(f"\ncomponent_args on a fresh map: {kb(fresh_map_bytes(maps))}; "
          f"parts sent by (a): {sent['a']}; by (b): {sent['b']}")
    grown = any(later > earlier for earlier, later in itertools.pairwise(reused))
    print(f"st_folium given one cached map on {len(reused)} reruns sends {' -> '.join(kb(size) for size in reused)}: "
          + ("it mutates the map, so a map cannot be cached and passed again." if grown
             else "no growth seen (st_folium may no longer mutate the map)."))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
