"""The first-paint benchmark's step table: medians per page, a blank where a step did not happen in every run."""

from __future__ import annotations

from tests.benchmarks.first_paint import STAGES, FirstPaint, Timings
from tests.benchmarks.run import stage_table


def runs(*stages: dict[str, float]) -> Timings:
    return Timings(in_page=[run["ready"] for run in stages], polled=[run["ready"] for run in stages],
                   stages=list(stages))


def row(table: str, label: str) -> list[str]:
    """The row's cells under the bare, map-only and overview columns ("" where blank)."""
    lines = table.splitlines()
    header = lines[2]
    starts = [header.index(name) for name in ("bare page", "map only", "overview")]
    line = next(line for line in lines if line.startswith(label + "  ")).ljust(len(header) + 10)
    return [line[start:end].strip() for start, end in zip(starts, [*starts[1:], None], strict=True)]


def test_each_step_is_the_median_of_the_runs_and_missing_steps_stay_blank():
    bare = runs({"websocket open": 0.70, "ready": 0.77}, {"websocket open": 0.72, "ready": 0.79},
                {"websocket open": 0.71, "ready": 0.78})
    full = {name: 0.70 + 0.05 * index for index, name in enumerate(STAGES)}
    map_only = runs(full, {**full, "ready": 1.10}, {**full, "ready": 0.90})
    overview = runs(full, full, {name: value for name, value in full.items() if name != "Leaflet"})
    table = stage_table(FirstPaint(dashboard=overview, bare=bare, map_only=map_only), runs=3)

    assert row(table, "websocket open") == ["710 ms", "700 ms", "700 ms"]
    assert row(table, "polygons drawn (bare: text)") == ["780 ms", "1000 ms", "1000 ms"]
    assert row(table, "Leaflet") == ["", "950 ms", ""]  # none on the bare page; missing from one overview run
    assert row(table, "websocket open -> ready") == ["70 ms", "300 ms", "300 ms"]
    assert row(table, "map's frame -> polygons drawn") == ["", "250 ms", "250 ms"]
