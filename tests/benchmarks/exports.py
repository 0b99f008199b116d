"""Size and production time (median) of every download the dashboard offers.

Part (e) of `python -m tests.benchmarks.run`; also runs on its own with `python -m tests.benchmarks.exports`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from tests.benchmarks.common import Row, format_table
from wbdash.country_brief import country_brief_pdf
from wbdash.dataset import load_dataset
from wbdash.describe import map_text
from wbdash.export import ViewFilters, to_csv_bytes, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.profile import country_facts, facts_table
from wbdash.static_map import render_map
from wbdash.table import sourced_table
from wbdash.view_state import ViewOptions
from wbdash.xlsx_export import to_xlsx_bytes

RUNS = 5


def measure(build: Callable[[], bytes], runs: int = RUNS) -> tuple[int, float]:
    """(size in bytes, median milliseconds) over `runs` builds, after one warm-up."""
    size = len(build())
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        timings.append((time.perf_counter() - start) * 1000)
    return size, statistics.median(timings)


def export_rows() -> list[tuple[str, int, float]]:
    dataset = load_dataset()
    codes = list(dataset.countries["iso2"])
    columns = list(ViewOptions.of(dataset.registry).default_columns)
    table = sourced_table(dataset, codes, columns)
    indicator = dataset.registry[dataset.registry.default_map]
    filters = ViewFilters(indicator, tuple(codes), tuple(columns), tuple(codes))
    text = map_text(dataset, indicator, codes)
    builds: list[tuple[str, Callable[[], bytes]]] = [
        ("CSV (six countries, default columns)", lambda: to_csv_bytes(table.frame)),
        ("CSV + metadata zip", lambda: zip_bytes(dataset, table, filters)),
        ("XLSX (Comparison + About)", lambda: to_xlsx_bytes(dataset, table, filters)),
        ("GeoJSON (joined data)", lambda: to_geojson_bytes(dataset, codes, columns)),
        ("Map PNG 1920x1080", lambda: render_map(dataset, indicator, text).data),
        ("Map PNG 2x (3840x2160)", lambda: render_map(dataset, indicator, text, scale=2).data),
        ("Map SVG", lambda: render_map(dataset, indicator, text, image_format="svg").data),
        ("Country brief PDF (Serbia)", lambda: country_brief_pdf(dataset, "RS")),
        ("Country brief PDF (Albania)", lambda: country_brief_pdf(dataset, "AL")),
        ("Facts CSV (Serbia)", lambda: to_csv_bytes(facts_table(dataset, country_facts(dataset.facts, "RS")))),
    ]
    return [(label, *measure(build)) for label, build in builds]


def exports_table(rows: list[tuple[str, int, float]]) -> str:
    return format_table(
        f"(e) Downloads: size and time to build on the server, median of {RUNS} builds after a warm-up",
        [Row(label, f"{median_ms:.0f} ms", f"{size:,} bytes") for label, size, median_ms in rows],
        header=Row("export", "median", "size"),
    )


if __name__ == "__main__":
    print(exports_table(export_rows()))
