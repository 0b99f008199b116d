"""Small page helpers shared by the browser tests."""

from __future__ import annotations

import time

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_app(page, url: str):
    """Go to `url` and wait until the map's polygons are drawn; return the map's frame."""
    page.goto(url)
    return wait_for_map(page)


def wait_for_map(page, minimum_paths: int = 7, timeout_s: float = 45):
    page.wait_for_selector(MAP_IFRAME, timeout=timeout_s * 1000)
    frame = page.query_selector(MAP_IFRAME).content_frame()
    frame.wait_for_function(
        f"document.querySelectorAll('path.leaflet-interactive').length >= {minimum_paths}",
        timeout=timeout_s * 1000,
    )
    return frame


def wait_for_text(page, text: str, timeout_s: float = 30) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_s * 1000)


def click_latlng(page, frame, lat: float, lng: float) -> None:
    """Click the map at a geographic point (Leaflet converts it to the iframe's pixels)."""
    point = frame.evaluate(f"(() => {{ const p = map_div.latLngToContainerPoint([{lat}, {lng}]); return [p.x, p.y]; }})()")
    box = page.query_selector(MAP_IFRAME).bounding_box()
    container = frame.evaluate("(() => { const r = map_div.getContainer().getBoundingClientRect(); return [r.x, r.y]; })()")
    page.mouse.click(box["x"] + container[0] + point[0], box["y"] + container[1] + point[1])


def settle(page, seconds: float = 1.0) -> None:
    """Let Streamlit finish a rerun triggered by an interaction."""
    time.sleep(seconds)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=30000,
    )
