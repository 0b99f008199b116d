"""Async Playwright helpers shared by run.py and load.py: Debian's Chromium and waits on the app's state."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, Playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# st_folium's component key is a hash of the map script, so a changed map mounts a new iframe; the old
# one stays, marked stale, until the rerun ends. This selects the current map only.
CURRENT_MAP_IFRAME = f'{MAP_IFRAME}:not([data-stale="true"] iframe)'
MIN_MAP_PATHS = 7  # six countries plus at least one neighbour: the polygons are drawn
# Streamlit's frontend mirrors its script state on the app root; "notRunning" once a rerun is done.
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1400, "height": 900}


async def launch(playwright: Playwright) -> Browser:
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


async def wait_for_map(page: Page, timeout_ms: float) -> None:
    """Until the st_folium iframe holds at least MIN_MAP_PATHS interactive Leaflet paths."""
    paths = page.frame_locator(CURRENT_MAP_IFRAME).locator("path.leaflet-interactive")
    await paths.nth(MIN_MAP_PATHS - 1).wait_for(state="attached", timeout=timeout_ms)


async def wait_for_legend(page: Page, title: str, timeout_ms: float) -> None:
    """Until the overview map's legend heading reads exactly `title`."""
    heading = page.frame_locator(CURRENT_MAP_IFRAME).locator(".wb-legend h3",
                                                             has_text=re.compile(f"^{re.escape(title)}$"))
    await heading.wait_for(state="visible", timeout=timeout_ms)


async def legend_title(page: Page, timeout_ms: float) -> str:
    heading = page.frame_locator(CURRENT_MAP_IFRAME).locator(".wb-legend h3")
    return (await heading.inner_text(timeout=timeout_ms)).strip()


async def wait_for_idle(page: Page, timeout_ms: float) -> None:
    """Until Streamlit reports that no script run is in progress for this session."""
    await page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout_ms)
