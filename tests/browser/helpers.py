"""Small page helpers shared by the browser tests."""

from __future__ import annotations

import time

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_app(page, url: str):
    """Go to `url` and wait until the map's polygons are drawn; return the map's frame."""
    page.goto(url)
    return wait_for_map(page)


def wait_for_map(page, minimum_paths: int = 7, timeout_s: float = 45):
    """Return the map's frame once it has drawn `minimum_paths` polygons.

    Streamlit may replace the map's iframe during a rerun (for example after a
    page change or history navigation), so the frame is looked up afresh until
    one holds the polygons rather than trusting the first iframe seen.
    """
    deadline = time.monotonic() + timeout_s
    # Drawn, and laid out clear of its boxes (wbdash/map_layout.py marks the container when it has fitted).
    script = (f"document.querySelectorAll('path.leaflet-interactive').length >= {minimum_paths}"
              " && !!document.querySelector('.leaflet-container[data-wb-layout]')")
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        handle = page.query_selector(MAP_IFRAME)
        frame = handle.content_frame() if handle else None
        if frame is not None:
            try:
                if frame.evaluate(script):
                    return frame
            except Exception as error:  # the frame was detached by a rerun; look again
                last_error = error
        time.sleep(0.25)
    raise TimeoutError(f"map with {minimum_paths} polygons not drawn within {timeout_s}s (last error: {last_error})")


def wait_for_text(page, text: str, timeout_s: float = 30) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_s * 1000)


def click_latlng(page, frame, lat: float, lng: float) -> None:
    """Click the map at a geographic point (Leaflet converts it to the iframe's pixels).

    The map refits once its boxes are drawn and the page shifts while web fonts arrive, so the point is read
    until it stays put.
    """
    script = (f"(() => {{ const p = map_div.latLngToContainerPoint([{lat}, {lng}]);"
              " const r = map_div.getContainer().getBoundingClientRect(); return [r.x + p.x, r.y + p.y]; })()")
    previous = None
    for _ in range(30):
        box = page.query_selector(MAP_IFRAME).bounding_box()
        inner = frame.evaluate(script)
        current = (round(box["x"] + inner[0], 1), round(box["y"] + inner[1], 1))
        if current == previous:
            break
        previous = current
        time.sleep(0.15)
    page.mouse.click(*current)


def settle(page, seconds: float = 1.0) -> None:
    """Let Streamlit finish a rerun triggered by an interaction."""
    time.sleep(seconds)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=30000,
    )


def wait_for_the_rest(page, timeout_s: float = 30) -> None:
    """Wait until the overview's part below the map (downloads, table, lanes) is drawn: it follows the map about
    a second after a session's first view (wbdash.app.ui._first_view)."""
    page.locator("#downloads").wait_for(state="attached", timeout=timeout_s * 1000)
