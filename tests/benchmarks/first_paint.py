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

The same runs also note when each step on the way to the map happened (STAGE_PROBE and STAGE_TIMES), so that
the table shows where the time goes: the websocket opening, the frame carrying the map, Streamlit's code for
components, the map's iframe, st_folium's bundle, Leaflet, and the polygons.
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


# In the top window: when the websocket opened, when the first frame of MAP_FRAME_BYTES or more arrived (the one
# carrying the map), and when the map's iframe was inserted; wall-clock milliseconds, as Date.now() gives them.
# Subclassing WebSocket only adds listeners; Streamlit's own code is unchanged.
MAP_FRAME_BYTES = 50_000
STAGE_PROBE = """
(() => {
  if (window !== window.top) return;
  const marks = window.__wbdashStages = {};
  const mark = (name) => { if (!(name in marks)) marks[name] = Date.now(); };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => mark('websocket open'));
      this.addEventListener('message', (event) => {
        const size = event.data.byteLength ?? event.data.size ?? event.data.length;
        if (size >= MAP_FRAME_BYTES) mark("map's websocket frame");
      });
    }
  };
  new MutationObserver(() => {
    if (document.querySelector('iframe[title="streamlit_folium.st_folium"]')) mark('map iframe inserted');
  }).observe(document, {subtree: true, childList: true});
})();
""".replace("MAP_FRAME_BYTES", str(MAP_FRAME_BYTES))
# After the page is ready: the marks above, and when resources arrived (responseEnd), in the page and in its iframes.
STAGE_TIMES = """
() => {
  const stages = {...(window.__wbdashStages || {})};
  const arrived = (win, name, test) => {
    const entry = win.performance.getEntriesByType('resource').find((e) => test(e.name));
    if (entry && !(name in stages)) stages[name] = win.performance.timeOrigin + entry.responseEnd;
  };
  arrived(window, "Streamlit's component code", (url) => url.includes('/static/js/ComponentInstance.'));
  for (const frame of document.querySelectorAll('iframe')) {
    let win = null;
    try { win = frame.contentWindow; win.performance; } catch (error) { continue; }
    arrived(win, "st_folium's bundle", (url) => url.includes('/component/') && url.includes('/static/js/main.'));
    arrived(win, 'Leaflet', (url) => url.endsWith('/leaflet.js'));
  }
  stages['ready'] = window.__wbdashReady;
  return stages;
}
"""
# The order of the table's rows; "ready" is the polygons drawn, or the bare page's text.
STAGES = ("websocket open", "map's websocket frame", "Streamlit's component code", "map iframe inserted",
          "st_folium's bundle", "Leaflet", "ready")


@dataclass(frozen=True)
class Timings:
    in_page: list[float]  # seconds, navigation -> ready, as the page itself noted it
    polled: list[float]  # seconds, navigation -> the end of Playwright's wait
    stages: list[dict[str, float]]  # per run: seconds from navigation to each of STAGES that happened


@dataclass(frozen=True)
class FirstPaint:
    dashboard: Timings  # navigation -> map polygons drawn
    bare: Timings  # navigation -> "hello" visible
    map_only: Timings  # navigation -> polygons drawn on a page holding only the map


async def map_drawn(page: Page) -> None:
    await wait_for_map(page, TIMEOUT_MS)


async def bare_text_visible(page: Page) -> None:
    await page.get_by_text(BARE_APP_TEXT, exact=True).wait_for(state="visible", timeout=TIMEOUT_MS)


async def time_navigation(browser: Browser, url: str, ready: Ready,
                          probe: str) -> tuple[float, float, dict[str, float]]:
    """(in-page, polled, stages) seconds from just before navigation to the page being ready, and to its stages."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(STAGE_PROBE)
        await context.add_init_script(probe)
        page = await context.new_page()
        start = time.time()
        await page.goto(url, wait_until="commit")
        await ready(page)
        polled = time.time() - start
        await page.wait_for_function("window.__wbdashReady", timeout=TIMEOUT_MS)
        in_page = await page.evaluate("window.__wbdashReady") / 1000 - start
        stages = {name: at / 1000 - start for name, at in (await page.evaluate(STAGE_TIMES)).items()}
        await wait_for_idle(page, TIMEOUT_MS)  # not timed: keeps this run's rerun out of the next run
        return in_page, polled, stages
    finally:
        await context.close()


async def measure(browser: Browser, dashboard_url: str, bare_url: str, map_only_url: str, runs: int) -> FirstPaint:
    pages = {"dashboard": (dashboard_url + "/", map_drawn, MAP_PROBE),
             "bare": (bare_url + "/", bare_text_visible, TEXT_PROBE),
             "map_only": (map_only_url + "/", map_drawn, MAP_PROBE)}
    for url, ready, probe in pages.values():  # warm: imports, dataset and map caches, static files on disk
        await time_navigation(browser, url, ready, probe)
    times: dict[str, Timings] = {name: Timings([], [], []) for name in pages}
    for index in range(runs):
        order = list(pages.items())
        for name, (url, ready, probe) in order if index % 2 == 0 else reversed(order):
            in_page, polled, stages = await time_navigation(browser, url, ready, probe)
            times[name].in_page.append(in_page)
            times[name].polled.append(polled)
            times[name].stages.append(stages)
    return FirstPaint(times["dashboard"], times["bare"], times["map_only"])
