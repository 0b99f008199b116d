"""The reader's experience at the sizes readers use, measured in the browser (screenshots in tests/screenshots/).

Measured, not only photographed: no in-map box over a shown or highlighted country, no label over another,
presentation mode inside the window at every 16:9 and 16:10 size with text that grows with it, and the keyboard.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import MAP_IFRAME, settle, wait_for_map, wait_for_text, wait_for_the_rest

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (390, 844)]
PRESENTATION_SIZES = [(1280, 720), (1366, 768), (1440, 900), (1920, 1080), (2560, 1600), (3840, 2160)]

# In the map's frame: the boxes, the countries that must stay clear of them, and the labels.
MEASURE = """(selector) => {
    const boxes = [...document.querySelectorAll('.wb-panel, .leaflet-control-zoom')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height);
    const countries = [...document.querySelectorAll(selector)].map(p => p.getBoundingClientRect());
    const labels = [...document.querySelectorAll('.wb-label:not([data-wb-hidden]) span')]
        .map(e => ({text: e.textContent, box: e.getBoundingClientRect()}));
    const overlaps = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const covered = [];
    boxes.forEach(b => countries.forEach(c => { if (overlaps(b, c)) covered.push([b.left, b.top, c.left, c.top]); }));
    const collisions = [];
    labels.forEach((a, i) => labels.slice(i + 1).forEach(b => { if (overlaps(a.box, b.box)) collisions.push(a.text + ' / ' + b.text); }));
    return {countries: countries.length, labels: labels.length, covered, collisions,
            hidden: [...document.querySelectorAll('.wb-label[data-wb-hidden] span')].map(e => e.textContent)};
}"""
OVERVIEW_COUNTRIES = "path[role='button']"
HIGHLIGHTED = "path.leaflet-interactive[stroke='#000000'][stroke-width='2.5']"


def _context(browser, width: int, height: int):
    return browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)


def _opened(browser, app_server, path: str, width: int = 1366, height: int = 768):
    """(context, page, map frame) with `path` open and the map laid out."""
    context = _context(browser, width, height)
    page = context.new_page()
    page.goto(app_server.url + path)
    return context, page, _settled_map(page)


def _settled_map(page, minimum_paths: int = 7):
    frame = wait_for_map(page, minimum_paths)
    frame.wait_for_function("document.querySelector('.leaflet-container').hasAttribute('data-wb-layout')")
    page.wait_for_timeout(600)  # the layout and the labels are redone shortly after each change
    return frame


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_box_covers_a_country_and_no_label_covers_another(browser, app_server, width, height):
    context = _context(browser, width, height)
    page = context.new_page()
    for path, selector, name in (("/?country=RS", OVERVIEW_COUNTRIES, "overview"),
                                 ("/profile?country=RS", HIGHLIGHTED, "profile-rs"),
                                 ("/profile?country=XK", HIGHLIGHTED, "profile-xk")):
        page.goto(app_server.url + path)
        frame = _settled_map(page)
        found = frame.evaluate(MEASURE, selector)
        assert found["countries"] == (6 if name == "overview" else 1), (name, found)
        assert not found["covered"], (name, width, found)
        assert not found["collisions"], (name, width, found)
        assert found["labels"] >= 4, (name, width, found)  # most names still shown
        page.locator(MAP_IFRAME).screenshot(path=str(SCREENSHOTS / f"layout-{name}-{width}x{height}-map.png"))
        page.screenshot(path=str(SCREENSHOTS / f"layout-{name}-{width}x{height}.png"))
    context.close()


def test_serbia_s_cities_are_all_labelled_without_overlap(browser, app_server):
    context, page, frame = _opened(browser, app_server, "/profile?country=RS")
    shown = frame.evaluate("[...document.querySelectorAll('.wb-place:not([data-wb-hidden]) span')].map(e => e.textContent)")
    assert {"Belgrade", "Smederevo", "Kragujevac"} <= set(shown), shown
    assert not frame.evaluate(MEASURE, HIGHLIGHTED)["collisions"]
    context.close()


def _in_viewport(box, width, height) -> bool:
    return box["x"] >= -0.5 and box["y"] >= -0.5 and box["x"] + box["width"] <= width + 0.5 and \
        box["y"] + box["height"] <= height + 0.5


@pytest.mark.parametrize("square", [False, True], ids=["window", "square"])
@pytest.mark.parametrize(("width", "height"), PRESENTATION_SIZES, ids=[f"{w}x{h}" for w, h in PRESENTATION_SIZES])
def test_presentation_mode_fits_the_window(browser, app_server, width, height, square):
    context = _context(browser, width, height)
    page = context.new_page()
    page.goto(app_server.url + ("/?present=square" if square else "/?present=1"))
    frame = _settled_map(page)
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert _in_viewport(iframe, width, height), iframe
    assert iframe["height"] >= 0.85 * min(width, height), iframe  # the map takes the frame's height
    for panel in (".wb-legend-panel", ".wb-title-panel", *([] if square else [".wb-source-panel"])):
        box = frame.locator(panel).bounding_box()  # in page coordinates
        assert box is not None and _in_viewport(box, width, height), (panel, box)
    if square:  # the source line sits under the table
        source = page.get_by_text("Boundaries: Natural Earth").first.bounding_box()
        assert source is not None and _in_viewport(source, width, height), source
    table = page.locator("[data-testid='stTable']").bounding_box()
    assert _in_viewport(table, width, height), table
    scroll_width = page.locator("[data-testid='stTable'] table").evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
    assert scroll_width <= 1, "the table's last column is cut off"
    found = frame.evaluate(MEASURE, OVERVIEW_COUNTRIES)
    assert not found["covered"] and not found["collisions"], found
    page.screenshot(path=str(SCREENSHOTS / f"presentation-{'square' if square else 'window'}-{width}x{height}.png"))
    context.close()


def test_presentation_text_grows_with_the_window(browser, app_server):
    sizes = {}
    for width, height in ((1280, 720), (3840, 2160)):
        context = _context(browser, width, height)
        page = context.new_page()
        page.goto(app_server.url + "/?present=1")
        frame = _settled_map(page)
        sizes[width] = {
            "label": frame.evaluate("parseFloat(getComputedStyle(document.querySelector('.wb-label')).fontSize)"),
            "legend": frame.evaluate("parseFloat(getComputedStyle(document.querySelector('.wb-panel')).fontSize)"),
            "table": page.locator("[data-testid='stTable'] td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"),
        }
        context.close()
    for what in ("label", "legend", "table"):
        assert sizes[3840][what] >= 2 * sizes[1280][what], sizes


def test_presentation_mode_is_entered_and_left_with_buttons(browser, app_server):
    context = _context(browser, 1366, 768)
    page = context.new_page()
    page.goto(app_server.url + "/")
    wait_for_map(page)
    page.get_by_role("button", name="Presentation mode").click()
    page.get_by_role("button", name="Leave presentation mode").wait_for(timeout=30000)
    settle(page)
    assert "present=1" in page.url
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.get_by_role("button", name="Square frame (1:1)").click()
    page.get_by_role("button", name="Fill the window").wait_for(timeout=30000)
    settle(page)
    assert "present=square" in page.url
    page.get_by_role("button", name="Leave presentation mode").click()
    page.get_by_role("button", name="Presentation mode").wait_for(timeout=30000)
    settle(page)
    assert "present" not in page.url
    context.close()


def test_few_tab_presses_reach_the_downloads_and_the_skip_link_jumps_there(browser, app_server):
    context = _context(browser, 1366, 768)
    page = context.new_page()
    page.goto(app_server.url + "/")
    _settled_map(page)
    wait_for_the_rest(page)
    settle(page)  # counted once the page is whole and idle: a running page's stale widgets are out of the Tab order
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached: dict[str, int] = {}
    for presses in range(1, 61):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText || ''")
        for name in ("Skip the map", "Download CSV"):
            if name in focused:
                reached.setdefault(name, presses)
        if "Download CSV" in reached:
            break
    # The menu (4 links), the sidebar's 7 controls and 2 help icons, the page and the as-of control come first;
    # then the skip link; past it, the map's zoom buttons and six countries and the country selectbox.
    assert reached.get("Skip the map", 99) <= 16, reached
    assert reached.get("Download CSV", 99) <= 27, reached

    page.goto(app_server.url + "/")
    _settled_map(page)
    wait_for_the_rest(page)
    skip = page.get_by_role("link", name="Skip the map")
    skip.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    assert page.evaluate("location.hash") == "#downloads"
    heading = page.locator("#downloads").bounding_box()
    assert heading is not None and 0 <= heading["y"] < 768, heading  # scrolled to the downloads
    page.screenshot(path=str(SCREENSHOTS / "keyboard-skip-link-1366x768.png"))
    context.close()


def test_a_focused_country_shows_its_outline_not_a_rectangle(browser, app_server):
    context, page, frame = _opened(browser, app_server, "/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "IFRAME" and \
                frame.evaluate("document.activeElement.getAttribute('role')") == "button":
            break
    style = frame.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                           " return {outline: s.outlineStyle, stroke: s.stroke, width: s.strokeWidth}; })()")
    assert style["outline"] == "none" and style["width"] == "4px" and style["stroke"] == "rgb(11, 87, 208)", style
    page.locator(MAP_IFRAME).screenshot(path=str(SCREENSHOTS / "keyboard-focused-country.png"))
    context.close()


def test_a_long_profile_has_a_table_of_contents_that_jumps(browser, app_server):
    context = _context(browser, 390, 844)
    page = context.new_page()
    page.goto(app_server.url + "/profile?country=RS")
    wait_for_text(page, "On this page:")
    page.get_by_role("link", name="Timeline").first.click()
    page.wait_for_timeout(800)
    box = page.locator("#timeline").bounding_box()
    assert box is not None and 0 <= box["y"] < 844, box
    drawn = page.locator("[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas").first
    lanes = drawn.bounding_box()
    assert lanes["x"] >= 0 and lanes["x"] + lanes["width"] <= 390.5, lanes  # the lanes and their legend fit the phone
    page.screenshot(path=str(SCREENSHOTS / "profile-toc-390x844.png"))
    context.close()
