"""Benchmarks of the dashboard, each figure a median beside its reference measured in the same run.

Run from the repository root (about 4 minutes on an idle 2-core machine; nothing is asserted, exit 0):

    .venv/bin/python -m tests.benchmarks.run [--runs 7] [--payload-runs 3] [--memory-passes 3] [--only a,b,c,d,e]
    (--help lists the rest)

What each table means:

(a) Server time of a warm rerun: `AppTest.from_file("dashboard.py")`, the page opened (`switch_page`
    for profile ?country=RS and compare), run once to warm, then `at.run()` timed. Reference: the same
    page built naively, with the dataset cache off and the unsimplified Natural Earth boundaries
    (`geo/build_boundaries.py --tolerance 0`, generated into a temp dir). Ratio = app / naive.
    The bare one-line page through AppTest shows the harness's own cost. Target: overview <= 50 ms.
(b) Browser time from navigation (fresh context, `page.goto`) to the overview map's polygons drawn in
    the st_folium iframe, beside the same for a bare `st.write("hello")` page served the same way.
    Target: <= 1.3x the floor. A second table gives, from the same runs, the median time of each step on
    the way (websocket open, the map's frame, Streamlit's component code, the iframe, st_folium's bundle,
    Leaflet, the polygons) on the bare, map-only and overview pages.
(c) Bytes to the browser. The overview map's payload is the websocket frame carrying the st_folium
    element (real wire bytes, decoded to find it) and its JSON arguments (map script + header + html);
    the reference is the naive build's arguments from (a). A whole first page load is every HTTP
    response (body as received + headers, page and iframes) plus every websocket frame received,
    beside the bare page's. Target: map payload < 150 kB with the context layer.
(d) Server memory: VmRSS of the streamlit process after start, with 1, 5 and 10 open sessions
    (browser contexts kept open), and the increment per extra session; bare page as reference.
(e) Every download (CSV, zip, XLSX, GeoJSON, PNG, SVG, PDF brief, facts CSV): its size and the median
    time to build it on the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import async_playwright

from tests.benchmarks import exports, first_paint, memory, payload, server_time
from tests.benchmarks.browser import launch
from tests.benchmarks.common import (
    DASHBOARD,
    LoopbackServer,
    Row,
    build_unsimplified_boundaries,
    format_grid,
    format_table,
    kb,
    median,
    mib,
    ms,
    ratio_text,
    write_bare_app,
    write_map_only_app,
)
from tests.benchmarks.memory import SESSION_STEPS, MemoryPass
from tests.benchmarks.payload import LoadBytes

PARTS = ("a", "b", "c", "d", "e")


@dataclass
class Results:
    server: server_time.ServerTimeResult | None = None
    paint: first_paint.FirstPaint | None = None
    loads: tuple[list[LoadBytes], list[LoadBytes]] | None = None
    memory: tuple[list[MemoryPass], list[MemoryPass]] | None = None
    exports: list[tuple[str, int, float]] | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each part

    @contextmanager
    def timing(self, part: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[part] = time.perf_counter() - start


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure in (a) and (b) (default 7)")
    parser.add_argument("--payload-runs", type=int, default=3, help="first loads captured in (c) (default 3)")
    parser.add_argument("--memory-passes", type=int, default=3, help="fresh-server passes in (d) (default 3)")
    parser.add_argument("--bare-memory-passes", type=int, default=1,
                        help="passes on the bare page, the reference in (d) (default 1)")
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated subset of a,b,c,d,e")
    args = parser.parse_args(argv)
    args.parts = {part.strip() for part in args.only.split(",") if part.strip() in PARTS}
    return args


async def measure_in_browser(args: argparse.Namespace, workdir: Path, bare_script: Path, map_only_script: Path,
                             results: Results) -> None:
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        try:
            if args.parts & {"b", "c"}:
                with LoopbackServer(log_dir=workdir) as app, \
                        LoopbackServer(script=str(bare_script), log_dir=workdir) as bare, \
                        LoopbackServer(script=str(map_only_script), log_dir=workdir) as map_only:
                    if "b" in args.parts:
                        with results.timing("b"):
                            results.paint = await first_paint.measure(browser, app.url, bare.url, map_only.url,
                                                                      args.runs)
                    if "c" in args.parts:
                        with results.timing("c"):
                            results.loads = await payload.measure(browser, app.url, bare.url, args.payload_runs)
            if "d" in args.parts:
                with results.timing("d"):
                    results.memory = await memory.measure(
                        browser, (DASHBOARD, first_paint.map_drawn),
                        (str(bare_script), first_paint.bare_text_visible), args.memory_passes,
                        args.bare_memory_passes, workdir)
        finally:
            await browser.close()


def server_table(result: server_time.ServerTimeResult, runs: int) -> str:
    rows = []
    for timing in result.pages:
        fast, naive = median(timing.fast), median(timing.naive)
        target = "<= 50 ms" if timing.label.startswith("overview") else ""
        rows.append(Row(f"{timing.label}: warm rerun", ms(fast), ms(naive) + " naive", ratio_text(fast, naive), target))
    overview = median(result.pages[0].fast)
    moves = median(result.date_moves)
    rows.append(Row(f"overview: as-of control moved ({' <-> '.join(server_time.DATE_MOVES)})", ms(moves),
                    ms(overview) + " warm rerun", ratio_text(moves, overview), "<= 50 ms"))
    switches = median(result.language_switches)
    rows.append(Row(f"overview: language switched ({' <-> '.join(server_time.LANGUAGE_SWITCHES)})", ms(switches),
                    ms(overview) + " warm rerun", ratio_text(switches, overview), "<= 50 ms"))
    rows.append(Row("bare one-line page (AppTest's own floor)", ms(median(result.bare))))
    return format_table(f"(a) Server time of a warm rerun, AppTest, median of {runs}", rows)


def paint_table(result: first_paint.FirstPaint, runs: int) -> str:
    app, bare, map_only = (median(result.dashboard.in_page), median(result.bare.in_page),
                           median(result.map_only.in_page))
    polled = {name: median(timings.polled) for name, timings in
              (("app", result.dashboard), ("bare", result.bare), ("map_only", result.map_only))}
    rows = [Row("navigation -> overview map polygons drawn", ms(app), ms(bare) + " bare page",
                ratio_text(app, bare), "<= 1.30x floor"),
            Row("  the same, page holding only the map", ms(map_only), ms(bare) + " bare page",
                ratio_text(map_only, bare)),
            Row("  overview vs the map-only page", ms(app), ms(map_only) + " map only", ratio_text(app, map_only)),
            Row("  overview, seen by Playwright's polling", ms(polled["app"]), ms(polled["bare"]) + " bare, polled",
                ratio_text(polled["app"], polled["bare"])),
            Row("  map-only page, seen by polling", ms(polled["map_only"]), ms(polled["bare"]) + " bare, polled",
                ratio_text(polled["map_only"], polled["bare"]))]
    return format_table(f"(b) Browser time to the map, fresh context per run, median of {runs} (taken in the page)",
                        rows) + "\n\n" + stage_table(result, runs)


def stage_table(result: first_paint.FirstPaint, runs: int) -> str:
    """Where the time goes: each step's median time from navigation, on the three pages of the same runs, and the
    median time between two steps. A step missing from any run of a page is left blank for that page."""
    pages = (("bare page", result.bare), ("map only", result.map_only), ("overview", result.dashboard))

    def between(timings: first_paint.Timings, start: str | None, end: str) -> str:
        if not all(end in run and (start is None or start in run) for run in timings.stages):
            return ""
        return ms(median([run[end] - (run[start] if start else 0.0) for run in timings.stages]))

    lines = [["step (median ms from navigation)", *(name for name, _ in pages)]]
    for stage in first_paint.STAGES:
        label = {"ready": "polygons drawn (bare: text)"}.get(stage, stage)
        lines.append([label, *(between(timings, None, stage) for _, timings in pages)])
    lines.append(["websocket open -> ready", *(between(timings, "websocket open", "ready") for _, timings in pages)])
    lines.append(["map's frame -> polygons drawn",
                  *(between(timings, "map's websocket frame", "ready") for _, timings in pages)])
    return format_grid(f"(b) Where the time goes, the same {runs} runs", lines)


def bytes_median(loads: list[LoadBytes], field: Callable[[LoadBytes], float]) -> float:
    return median([field(load) for load in loads])


def payload_table(loads: tuple[list[LoadBytes], list[LoadBytes]], naive_args: dict[str, int] | None,
                  built_args: dict[str, int] | None) -> str:
    app, bare = loads
    frame = bytes_median(app, lambda load: load.map_frame_bytes)
    args = bytes_median(app, lambda load: load.map_args_bytes)
    naive = (naive_args or {}).get("total", 0)
    parts = built_args or {}
    rows = [
        Row("overview map: websocket frame with st_folium", kb(frame), kb(naive) + " naive args" if naive else "",
            ratio_text(frame, naive), "< 150 kB"),
        Row("  of which st_folium JSON arguments", kb(args), kb(naive) + " naive args" if naive else "",
            ratio_text(args, naive)),
    ]
    if parts:
        rows.append(Row("  script / header / html / view layers (AppTest)",
                        " / ".join(kb(parts.get(key, 0)) for key in ("script", "header", "html", "feature_group"))))
    for label, of_load in (("HTTP responses", lambda load: load.http_bytes),
                           ("websocket frames", lambda load: load.ws_bytes), ("total", lambda load: load.total)):
        value, reference = bytes_median(app, of_load), bytes_median(bare, of_load)
        rows.append(Row(f"first page load: {label}", kb(value), kb(reference) + " bare page", ratio_text(value, reference)))
    counts = (f"{bytes_median(app, lambda load: load.http_responses):.0f} responses, "
              f"{bytes_median(app, lambda load: load.ws_frames):.0f} frames")
    bare_counts = (f"{bytes_median(bare, lambda load: load.http_responses):.0f} responses, "
                   f"{bytes_median(bare, lambda load: load.ws_frames):.0f} frames")
    rows.append(Row("first page load: count", counts, bare_counts))
    return format_table(f"(c) Bytes to the browser, wire bytes captured in Chromium, median of {len(app)}", rows)


def memory_table(passes: tuple[list[MemoryPass], list[MemoryPass]]) -> str:
    app, bare = passes

    def row(label: str, field: Callable[[MemoryPass], float], target: str = "") -> Row:
        value = median([field(p) for p in app])
        if not bare:
            return Row(label, mib(value), target=target)
        reference = median([field(p) for p in bare])
        return Row(label, mib(value), mib(reference) + " bare page", ratio_text(value, reference), target)

    rows = [row("RSS after start", lambda p: p.started)]
    rows += [row(f"RSS with {n} open session{'s' if n > 1 else ''}", lambda p, n=n: p.by_sessions[n])
             for n in SESSION_STEPS]
    rows.append(row("first session (1 open - after start)", lambda p: p.first_session))
    rows.append(row(f"per extra session (({SESSION_STEPS[-1]} - {SESSION_STEPS[0]}) / "
                    f"{SESSION_STEPS[-1] - SESSION_STEPS[0]})", lambda p: p.per_session))
    return format_table(f"(d) Server memory (VmRSS), fresh server per pass, median of {len(app)} passes "
                        f"({len(bare)} on the bare page)", rows)


def print_tables(results: Results, args: argparse.Namespace, elapsed: float) -> None:
    parts = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in results.seconds.items())
    print(f"\nwbdash benchmarks: {os.cpu_count()} CPUs, {elapsed:.0f} s in all ({parts}). "
          "Ratio = value / reference. No thresholds are asserted.\n")
    server = results.server
    if server:
        print(server_table(server, args.runs), end="\n\n")
    if results.paint:
        print(paint_table(results.paint, args.runs), end="\n\n")
    if results.loads:
        print(payload_table(results.loads, server.map_args_naive if server else None,
                            server.map_args_fast if server else None), end="\n\n")
    if results.memory:
        print(memory_table(results.memory), end="\n\n")
    if results.exports:
        print(exports.exports_table(results.exports), end="\n\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    results = Results()
    with tempfile.TemporaryDirectory(prefix="wbdash-bench-") as tmp:
        workdir = Path(tmp)
        bare_script = write_bare_app(workdir)
        map_only_script = write_map_only_app(workdir)
        if "a" in args.parts:
            with results.timing("a"):
                boundaries = build_unsimplified_boundaries(workdir)
                results.server = server_time.measure(args.runs, boundaries, bare_script)
        asyncio.run(measure_in_browser(args, workdir, bare_script, map_only_script, results))
        if "e" in args.parts:
            with results.timing("e"):
                results.exports = exports.export_rows()
    print_tables(results, args, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
