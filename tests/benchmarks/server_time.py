"""(a) Server time of a warm rerun of each page, beside a naive build of the same page.

The app is driven in-process with `streamlit.testing.v1.AppTest`: one run to warm, then `at.run()` timed
again and again. The naive build is the same page with the dataset cache switched off (every rerun
reloads, validates and joins the data) and the boundaries left unsimplified (built on the fly by
`geo/build_boundaries.py --tolerance 0`). Fast and naive runs alternate so machine noise hits both.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

import wbdash.app.ui as ui
from tests.benchmarks.common import REPO_ROOT
from wbdash.dataset import Dataset, load_dataset
from wbdash.paths import DATA_DIR

APP_TIMEOUT_S = 120
MAP_COMPONENT = "streamlit_folium.st_folium"


@dataclass(frozen=True)
class PageCase:
    label: str
    page: str | None  # None: the navigation's default page (the overview)
    params: tuple[tuple[str, str], ...]
    title: str  # a title the page must show, so a broken page is never timed as a fast one


PAGES: tuple[PageCase, ...] = (
    PageCase("overview", None, (), "Western Balkans"),
    PageCase("overview ?as_of=2015-01", None, (("as_of", "2015-01"),), "Western Balkans"),
    PageCase("profile ?country=RS", "pages/profile.py", (("country", "RS"),), "Serbia: country profile"),
    PageCase("compare", "pages/compare.py", (), "Compare countries"),
)


@dataclass(frozen=True)
class RerunTiming:
    label: str
    fast: list[float]  # seconds per warm rerun, the app as built
    naive: list[float]  # seconds per rerun, no cache and unsimplified boundaries


@dataclass(frozen=True)
class ServerTimeResult:
    pages: list[RerunTiming]
    bare: list[float]  # a one-line page through AppTest: the harness's own floor
    map_args_fast: dict[str, int]  # st_folium's JSON arguments on the overview, as built (see map_args)
    map_args_naive: dict[str, int]  # the same for the naive build
    date_moves: list[float]  # seconds per rerun when the reader moves the as-of control between two months
    language_switches: list[float]  # seconds per rerun when the reader switches the language (en <-> sr-Cyrl)


class NaiveLoader:
    """Stands in for wbdash.app.ui._cached_dataset: loads everything again on every call."""

    def __init__(self, boundaries: Path):
        self.boundaries = boundaries
        self.calls = 0

    def __call__(self, data_dir: str | None) -> Dataset:
        self.calls += 1
        return load_dataset(Path(data_dir) if data_dir else DATA_DIR, self.boundaries)


@contextmanager
def naive_build(loader: NaiveLoader) -> Iterator[None]:
    original = ui._cached_dataset  # the very module the page scripts import (start_page looks it up per call)
    ui._cached_dataset = loader
    try:
        yield
    finally:
        ui._cached_dataset = original


def open_page(case: PageCase) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=APP_TIMEOUT_S)
    for key, value in case.params:
        at.query_params[key] = value
    if case.page:
        at.switch_page(case.page)
    return at


def checked_run(at: AppTest, case: PageCase) -> None:
    at.run()
    if "_overview_complete_run" in at.session_state and not at.session_state["_overview_complete_run"]:
        at.run()  # the overview's first view has no controls: the page's timer asks for this run a second later
    if at.exception:
        raise RuntimeError(f"{case.label}: the page raised {at.exception[0].message}")
    if not any(case.title in re.sub(r"\\(.)", r"\1", title.value) for title in at.title):  # md_escape undone
        raise RuntimeError(f"{case.label}: expected a title containing {case.title!r}")


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def map_args(at: AppTest) -> dict[str, int]:
    """Bytes of st_folium's JSON arguments on the page: the total and its big parts."""
    for element in at.get("component_instance"):
        if element.proto.component_name == MAP_COMPONENT:
            raw = element.proto.json_args
            args = json.loads(raw)
            parts = {key: len(str(args.get(key) or "").encode())
                     for key in ("script", "header", "html", "feature_group")}
            return {"total": len(raw.encode()), **parts}
    return {}


def measure_page(case: PageCase, runs: int, loader: NaiveLoader) -> tuple[RerunTiming, AppTest, AppTest]:
    fast, naive = open_page(case), open_page(case)
    checked_run(fast, case)
    checked_run(fast, case)  # the second run is the first warm one: no page-entry seeding left
    with naive_build(loader):
        checked_run(naive, case)
    fast_times: list[float] = []
    naive_times: list[float] = []

    def run_fast() -> None:
        fast_times.append(timed(fast.run))

    def run_naive() -> None:
        with naive_build(loader):
            naive_times.append(timed(naive.run))

    for index in range(runs):
        for step in (run_fast, run_naive) if index % 2 == 0 else (run_naive, run_fast):
            step()
    checked_run(fast, case)
    return RerunTiming(case.label, fast_times, naive_times), fast, naive


def measure_bare(bare_script: Path, runs: int) -> list[float]:
    at = AppTest.from_file(str(bare_script), default_timeout=APP_TIMEOUT_S)
    at.run()
    return [timed(at.run) for _ in range(runs)]


class _NoBareModeWarning(logging.Filter):
    """AppTest's main thread has no ScriptRunContext; Streamlit warns about it on every access."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()


DATE_MOVES = ("2015-01", "2021-01")  # alternated, so every timed rerun follows a change of the control


def measure_date_moves(runs: int) -> list[float]:
    """The overview's rerun when the as-of control moves: each month's dataset, map and lanes cached."""
    from wbdash.history import parse_month

    at = open_page(PAGES[0])
    checked_run(at, PAGES[0])
    months = [parse_month(m) for m in DATE_MOVES]
    for month in months:  # warm both months' caches
        at.select_slider(key="ov_as_of").set_value(month)
        checked_run(at, PAGES[0])
    times = []
    for index in range(runs):
        at.select_slider(key="ov_as_of").set_value(months[index % 2])
        times.append(timed(at.run))
        if at.exception:
            raise RuntimeError(f"date move: the page raised {at.exception[0].message}")
    return times


LANGUAGE_SWITCHES = ("en", "sr-Cyrl")  # alternated: English and the other script, each rerun follows a switch


def measure_language_switches(runs: int) -> list[float]:
    """The overview's rerun when the language switch changes: each language's words, map and lanes cached."""
    from wbdash.app.ui import LANGUAGE_KEY

    at = open_page(PAGES[0])
    checked_run(at, PAGES[0])
    for code in (*LANGUAGE_SWITCHES, *LANGUAGE_SWITCHES):  # warm both languages' caches
        at.selectbox(key=LANGUAGE_KEY).set_value(code)
        at.run()
    times = []
    for index in range(runs):
        at.selectbox(key=LANGUAGE_KEY).set_value(LANGUAGE_SWITCHES[(index + 1) % 2])
        times.append(timed(at.run))
        if at.exception:
            raise RuntimeError(f"language switch: the page raised {at.exception[0].message}")
    if at.selectbox(key=LANGUAGE_KEY).value != LANGUAGE_SWITCHES[runs % 2]:
        raise RuntimeError("the language switch did not take: the timing would be of an ordinary rerun")
    return times


def measure(runs: int, boundaries: Path, bare_script: Path) -> ServerTimeResult:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoBareModeWarning())
    loader = NaiveLoader(boundaries)
    timings: list[RerunTiming] = []
    map_fast: dict[str, int] = {}
    map_naive: dict[str, int] = {}
    for case in PAGES:
        calls_before = loader.calls
        timing, fast, naive = measure_page(case, runs, loader)
        if loader.calls - calls_before < runs:
            raise RuntimeError("the naive loader was not used by the page; the reference would be wrong")
        timings.append(timing)
        if case.page is None:
            map_fast, map_naive = map_args(fast), map_args(naive)
    return ServerTimeResult(timings, measure_bare(bare_script, runs), map_fast, map_naive, measure_date_moves(runs),
                            measure_language_switches(runs))
