"""(b) Browser time from navigation to the overview map's polygons drawn, beside a one-line page.

A third page holding only the overview's map (same cached st_folium path) separates the cost of the
map component itself from that of the rest of the overview.

Each run opens a fresh browser context (no cache, new Streamlit session) and starts the clock just
before `page.goto`. The moment a page is ready is taken inside the browser: a script in every frame
watches the document and notes the time of the first animation frame after the st_folium iframe holds
at least seven `path.leaflet-interactive` (the dashboard and the map-only page), or after the bare
page's text appears. Playwright's own waits poll with growing pauses (up to half a second between
checks), so the time they end at is also printed, as "seen by polling", to show what they add.
Both servers are started the same way and warmed with one load; the runs alternate between them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from playwright.async_api import Browser, Page

from tests.benchmarks.browser import MIN_MAP_PATHS, VIEWPORT, wait_for_idle, wait_for_map
from tests.benchmarks.common import BARE_APP_TEXT

TIMEOUT_MS = 60_000
Ready = Callable[[Page], Awaitable[None]]

# In the top window: the wall-clock time (ms) of the first animation frame in which `test` holds, where `docs` are
# the page's document and those of its same-origin iframes (the map's). Date.now() and Python's time.time() read
# the same clock. Checked from the top window once per frame: an init script does not reach the map's own
# document (the iframe keeps its first blank document's window when it navigates to the component's page).
_PROBE = """
(() => {
  if (window !== window.top) return;
  const documents = () => [document, ...Array.from(document.querySelectorAll('iframe'))
    .map((frame) => { try { return frame.contentDocument; } catch (error) { return null; } })
    .filter((doc) => doc && doc.body)];
  const check = () => {
    const docs = documents();
    if (%s) window.__wbdashReady = Date.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""
MAP_PROBE = _PROBE % ("docs.some((doc) => doc.querySelectorAll('path.leaflet-interactive').length >= "
                      f"{MIN_MAP_PATHS})")
TEXT_PROBE = _PROBE % ("Array.from(document.querySelectorAll('[data-testid=\"stMarkdownContainer\"] p'))"
                       f".some((p) => p.textContent === {json.dumps(BARE_APP_TEXT)})")


@dataclass(frozen=True)
class Timings:
    in_page: list[float]  # seconds, navigation -> ready, as the page itself noted it
    polled: list[float]  # seconds, navigation -> the end of Playwright's wait


@dataclass(frozen=True)
class FirstPaint:
    dashboard: Timings  # navigation -> map polygons drawn
    bare: Timings  # navigation -> "hello" visible
    map_only: Timings  # navigation -> polygons drawn on a page holding only the map


async def map_drawn(page: Page) -> None:
    await wait_for_map(page, TIMEOUT_MS)


async def bare_text_visible(page: Page) -> None:
    await page.get_by_text(BARE_APP_TEXT, exact=True).wait_for(state="visible", timeout=TIMEOUT_MS)


async def time_navigation(browser: Browser, url: str, ready: Ready, probe: str) -> tuple[float, float]:
    """(in-page, polled) seconds from just before navigation to the page being ready."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(probe)
        page = await context.new_page()
        start = time.time()
        await page.goto(url, wait_until="commit")
        await ready(page)
        polled = time.time() - start
        await page.wait_for_function("window.__wbdashReady", timeout=TIMEOUT_MS)
        in_page = await page.evaluate("window.__wbdashReady") / 1000 - start
        await wait_for_idle(page, TIMEOUT_MS)  # not timed: keeps this run's rerun out of the next run
        return in_page, polled
    finally:
        await context.close()


async def measure(browser: Browser, dashboard_url: str, bare_url: str, map_only_url: str, runs: int) -> FirstPaint:
    pages = {"dashboard": (dashboard_url + "/", map_drawn, MAP_PROBE),
             "bare": (bare_url + "/", bare_text_visible, TEXT_PROBE),
             "map_only": (map_only_url + "/", map_drawn, MAP_PROBE)}
    for url, ready, probe in pages.values():  # warm: imports, dataset and map caches, static files on disk
        await time_navigation(browser, url, ready, probe)
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in pages}
    for index in range(runs):
        order = list(pages.items())
        for name, (url, ready, probe) in order if index % 2 == 0 else reversed(order):
            in_page, polled = await time_navigation(browser, url, ready, probe)
            times[name][0].append(in_page)
            times[name][1].append(polled)
    return FirstPaint(*(Timings(*times[name]) for name in ("dashboard", "bare", "map_only")))
