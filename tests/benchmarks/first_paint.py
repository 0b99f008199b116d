"""(b) Browser time from navigation to the overview map's polygons drawn, beside a one-line page.

A third page holding only the overview's map (same cached st_folium path) separates the cost of the
map component itself from that of the rest of the overview.

Each run opens a fresh browser context (no cache, new Streamlit session) and starts the clock just
before `page.goto`. The dashboard run stops when the st_folium iframe holds at least seven
`path.leaflet-interactive`; the floor run stops when the bare page's text is visible. Both servers
are started the same way and warmed with one load; the runs alternate between them.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from playwright.async_api import Browser, Page

from tests.benchmarks.browser import VIEWPORT, wait_for_idle, wait_for_map
from tests.benchmarks.common import BARE_APP_TEXT

TIMEOUT_MS = 60_000
Ready = Callable[[Page], Awaitable[None]]


@dataclass(frozen=True)
class FirstPaint:
    dashboard: list[float]  # seconds, navigation -> map polygons drawn
    bare: list[float]  # seconds, navigation -> "hello" visible
    map_only: list[float]  # seconds, navigation -> polygons drawn on a page holding only the map


async def map_drawn(page: Page) -> None:
    await wait_for_map(page, TIMEOUT_MS)


async def bare_text_visible(page: Page) -> None:
    await page.get_by_text(BARE_APP_TEXT, exact=True).wait_for(state="visible", timeout=TIMEOUT_MS)


async def time_navigation(browser: Browser, url: str, ready: Ready) -> float:
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, wait_until="commit")
        await ready(page)
        elapsed = time.perf_counter() - start
        await wait_for_idle(page, TIMEOUT_MS)  # not timed: keeps this run's rerun out of the next run
        return elapsed
    finally:
        await context.close()


async def measure(browser: Browser, dashboard_url: str, bare_url: str, map_only_url: str, runs: int) -> FirstPaint:
    pages = {"dashboard": (dashboard_url + "/", map_drawn), "bare": (bare_url + "/", bare_text_visible),
             "map_only": (map_only_url + "/", map_drawn)}
    for url, ready in pages.values():  # warm: imports, dataset and map caches, static files on disk
        await time_navigation(browser, url, ready)
    times: dict[str, list[float]] = {name: [] for name in pages}
    for index in range(runs):
        order = list(pages.items())
        for name, (url, ready) in order if index % 2 == 0 else reversed(order):
            times[name].append(await time_navigation(browser, url, ready))
    return FirstPaint(times["dashboard"], times["bare"], times["map_only"])
