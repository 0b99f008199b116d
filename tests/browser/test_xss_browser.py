"""Hostile data and hostile links in a real browser: the payloads show as literal text and nothing runs.

A server of its own reads the hostile copy of data/ built by tests/test_xss.py (payloads in country
names, status notes, fact titles and statements, place names, the bibliography). Every test watches for
JavaScript dialogs (an executed alert()) and for requests leaving the machine (a Markdown image).
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import MAP_IFRAME, click_latlng, wait_for_map, wait_for_text
from tests.browser.server import AppServer
from tests.test_xss import IMG, NAMES, PLACE, SCRIPT, TEMPLATE, write_hostile_data

SERBIA = (44.2, 20.7)  # central Serbia, clear of Kosovo
MONTENEGRO = (42.8, 19.25)
HOSTILE_QUERY = (
    f"indicator={quote(IMG)}&{quote(SCRIPT)}=1&country={quote('javascript:alert(1)')}"
    f"&columns={quote(TEMPLATE)}&present={quote('<svg onload=alert(1)>')}"
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = write_hostile_data(tmp_path_factory.mktemp("hostile-browser") / "data")
    with AppServer(env={"WBDASH_DATA_DIR": str(data)}) as server:
        yield server


def hover_latlng(page, frame, lat: float, lng: float) -> None:
    """Move the mouse over a geographic point (recomputed each time: the map refits as its frame settles)."""
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()  # notices above may push the map below the fold
    point = frame.evaluate(f"(() => {{ const p = map_div.latLngToContainerPoint([{lat}, {lng}]); return [p.x, p.y]; }})()")
    box = page.query_selector(MAP_IFRAME).bounding_box()
    container = frame.evaluate("(() => { const r = map_div.getContainer().getBoundingClientRect(); return [r.x, r.y]; })()")
    page.mouse.move(box["x"] + container[0] + point[0], box["y"] + container[1] + point[1], steps=4)


def hover_tooltip(page, frame, lat: float, lng: float, expected: str, timeout_s: float = 15) -> str:
    """Hover the point until a Leaflet tooltip holding `expected` shows; return its text."""
    deadline = time.monotonic() + timeout_s
    texts: list[str] = []
    attempt = 0
    while time.monotonic() < deadline:
        page.mouse.move(5, 5)  # leave the map, so the next move enters the country afresh
        hover_latlng(page, frame, lat + 0.02 * (attempt % 3), lng)
        attempt += 1
        time.sleep(0.4)
        texts = frame.locator(".leaflet-tooltip").all_inner_texts()
        if any(expected in text for text in texts):
            return next(text for text in texts if expected in text)
    raise AssertionError(f"no tooltip with {expected!r}; saw {texts}")


def no_injected_elements(page, frame) -> None:
    """No element built from a payload exists in the page or in the map's frame."""
    for scope in (page, frame):
        assert scope.locator('img[src="x"], svg[onload], [onerror]').count() == 0
        assert scope.locator('a[href^="javascript:" i]').count() == 0


def test_overview_shows_hostile_names_literally_and_runs_nothing(page, hostile_server):
    page.goto(f"{hostile_server.url}/?{HOSTILE_QUERY}")
    frame = wait_for_map(page)
    wait_for_text(page, "not recognised")
    labels = frame.locator(".wb-label span").all_inner_texts()
    assert set(NAMES.values()) <= set(labels), labels
    assert NAMES["ME"] in hover_tooltip(page, frame, *MONTENEGRO, "Montenegro")
    tooltip = hover_tooltip(page, frame, *SERBIA, "Serbia")
    assert NAMES["RS"] in tooltip and "candidate" in tooltip
    screenshot(page, "xss-overview-tooltip")
    click_latlng(page, frame, *SERBIA)
    wait_for_text(page, "rank 1 of 6")
    assert page.get_by_text(f"{SCRIPT} NATO", exact=False).count() >= 1  # a note's raw tag, shown as text
    no_injected_elements(page, frame)
    screenshot(page, "xss-overview-serbia")
    assert page.watch.dialogs == []
    assert not [e for e in page.watch.real_errors() if "alert" in e], page.watch.real_errors()


def test_overview_country_summary_requests_nothing_external(page, hostile_server):
    page.goto(f"{hostile_server.url}/?country=RS")
    wait_for_map(page)
    wait_for_text(page, "rank 1 of 6")
    time.sleep(2)
    assert page.watch.external() == [], page.watch.external()


def test_serbia_profile_shows_hostile_text_literally(page, hostile_server):
    page.goto(f"{hostile_server.url}/profile?country=RS&{quote(SCRIPT)}={quote(IMG)}")
    page.get_by_role("heading", name=f"{NAMES['RS']}: country profile").wait_for(timeout=30000)
    frame = wait_for_map(page, minimum_paths=3)
    wait_for_text(page, "unrecognised parameter")
    assert PLACE in frame.locator(".wb-place").all_inner_texts()
    assert NAMES["RS"] in hover_tooltip(page, frame, *SERBIA, "Serbia")
    assert page.get_by_text(IMG, exact=False).count() >= 3  # fact titles and statements, as text
    page.get_by_role("heading", name="References").wait_for()
    no_injected_elements(page, frame)
    screenshot(page, "xss-profile-rs")
    assert page.watch.external() == [], page.watch.external()


def test_serbia_profile_runs_no_script(page, hostile_server):
    page.goto(f"{hostile_server.url}/profile?country=RS")
    frame = wait_for_map(page, minimum_paths=3)
    time.sleep(2)
    hover_latlng(page, frame, 44.80401, 20.46513)  # the Belgrade marker
    time.sleep(1)
    assert page.watch.dialogs == [], f"alert() ran {len(page.watch.dialogs)} time(s): {page.watch.dialogs}"


def test_presentation_mode_with_hostile_names_runs_no_script(page, hostile_server):
    page.goto(f"{hostile_server.url}/?present=1")
    frame = wait_for_map(page)
    page.locator("[data-testid='stTable']").wait_for(timeout=30000)
    screenshot(page, "xss-presentation")
    no_injected_elements(page, frame)
    assert page.watch.dialogs == []


def test_presentation_table_shows_names_literally_and_requests_nothing_external(page, hostile_server):
    page.goto(f"{hostile_server.url}/?present=1")
    wait_for_map(page)
    table = page.locator("[data-testid='stTable']")
    table.wait_for(timeout=30000)
    time.sleep(1)
    text = table.inner_text().replace("\u2060", "")  # the word joiners that keep URLs from becoming links
    missing = [name for name in NAMES.values() if name not in text]
    assert not missing and page.watch.external() == [], (missing, page.watch.external())


def test_link_and_button_labels_show_hostile_names_literally(page, hostile_server):
    """Labels of page links and download buttons are Markdown too: a name's link syntax must stay text."""
    page.goto(f"{hostile_server.url}/?country=AL")
    wait_for_map(page)
    wait_for_text(page, f"Open the profile of {NAMES['AL']}", timeout_s=20)
    page.goto(f"{hostile_server.url}/profile?country=AL")
    wait_for_map(page, minimum_paths=3)
    wait_for_text(page, f"Download the facts on {NAMES['AL']} (CSV)", timeout_s=20)
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.watch.dialogs == []
