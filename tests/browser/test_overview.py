"""The overview in a real browser: what is drawn, what is clicked, what is downloaded, what leaves."""

from __future__ import annotations

import csv
import io
import re
import time

from tests.browser.conftest import screenshot
from tests.browser.helpers import MAP_IFRAME, click_latlng, open_app, settle, wait_for_map, wait_for_text, wait_for_the_rest

FOCUS_STROKE = "#333333"


def focus_paths(frame) -> int:
    return frame.evaluate(
        f"document.querySelectorAll('path.leaflet-interactive[stroke=\"{FOCUS_STROKE}\"]').length"
    )


def test_map_draws_six_countries_context_legend_and_text_offline(page, app_server):
    frame = open_app(page, app_server.url + "/")
    total = frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
    assert focus_paths(frame) == 6
    assert total > 6  # the neighbouring countries are drawn too
    legend = frame.locator(".wb-legend")
    assert legend.is_visible() and "Chinese projects" in legend.inner_text() and "No data" in legend.inner_text()
    title = frame.locator(".wb-title").inner_text()
    assert "Chinese projects" in title and "2021" in title
    assert "Natural Earth" in frame.locator(".wb-source").inner_text()
    for name in ("Serbia", "Kosovo", "North Macedonia"):
        assert frame.get_by_text(name, exact=True).first.is_visible()
    assert not page.get_by_text("ui", exact=True).count()  # no file-name navigation
    menu = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink']")
    labels = menu.all_text_contents()  # each starts with its icon's ligature name, e.g. "map"
    expected = ["Overview", "Country profiles", "Compare", "Sources & method"]
    assert len(labels) == len(expected) and all(text.endswith(label) for text, label in zip(labels, expected, strict=True)), labels
    assert not page.locator("[data-testid='stSidebarNav']").count()  # Streamlit's own menu is off
    screenshot(page, "overview-default")
    table = page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()  # Streamlit scrolls its own container: full_page stops at the fold
    assert table.is_visible() and table.bounding_box()["height"] > 150
    screenshot(page, "overview-default-table")
    assert not page.watch.real_errors(), page.watch.real_errors()
    assert page.watch.external() == [], page.watch.external()


def test_clicking_serbia_selects_it(page, app_server):
    frame = open_app(page, app_server.url + "/")
    click_latlng(page, frame, 44.2, 20.7)  # central Serbia, clear of Kosovo
    wait_for_text(page, "Open the profile of Serbia")
    summary = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="Chinese projects: 61").first.inner_text()
    assert "Chinese projects: 61 (2021)" in summary and "EU status: candidate (May 2023)" in summary
    assert page.get_by_text("Rank 1 of 6", exact=False).first.is_visible()  # the headline detail, below the list
    assert "country=RS" in page.url
    screenshot(page, "overview-serbia-selected")
    assert page.watch.external() == []


def test_first_click_on_a_map_below_the_fold_selects_and_does_not_scroll(page, app_server):
    """Leaflet focuses the map on mousedown; unless told not to, the browser then scrolls the page and
    the click lands elsewhere. A laptop-sized window leaves the map's bottom below the fold."""
    page.set_viewport_size({"width": 1400, "height": 760})
    frame = open_app(page, app_server.url + "/")
    page.evaluate("document.fonts.ready.then(() => true)")
    top_before = page.query_selector(MAP_IFRAME).bounding_box()["y"]
    click_latlng(page, frame, 42.56, 20.9)  # central Kosovo
    wait_for_text(page, "Open the profile of Kosovo", timeout_s=15)
    assert page.query_selector(MAP_IFRAME).bounding_box()["y"] == top_before


# Every animation frame once the map is drawn and laid out (wbdash/map_layout.py marks its container), its distance
# from the top of the page (the main area's scroll included). Before that the component is still sizing its frame.
MAP_TOPS = """
(() => {
  if (window !== window.top) return;
  window.__mapTops = [];
  const sample = () => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const drawn = frame && frame.contentDocument
      && frame.contentDocument.querySelectorAll('path.leaflet-interactive').length >= 7
      && frame.contentDocument.querySelector('.leaflet-container[data-wb-layout]');
    if (drawn) {
      const top = Math.round(frame.getBoundingClientRect().top + (main ? main.scrollTop : 0));
      if (window.__mapTops[window.__mapTops.length - 1] !== top) window.__mapTops.push(top);
    }
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
})();
"""


def test_the_map_does_not_move_while_the_controls_arrive(browser, app_server):
    """The as-of row keeps its height on the first view and while the slider's code loads (the browser shows a
    shorter stand-in meanwhile): held back here for a second, as on a slow network."""
    for width, height in ((1366, 768), (1920, 1080), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(MAP_TOPS)
        page = context.new_page()
        page.route(re.compile(r"/static/js/Slider\.[^/]*\.js$"), lambda route: (time.sleep(1.0), route.continue_()))
        page.goto(app_server.url + "/")
        wait_for_map(page)
        wait_for_the_rest(page)
        page.get_by_test_id("stSlider").wait_for(timeout=30000)
        settle(page)
        tops = page.evaluate("window.__mapTops")
        assert len(tops) == 1, (width, tops)
        context.close()


def test_downloaded_csv_holds_the_view(page, app_server):
    open_app(page, app_server.url + "/?countries=RS,ME&columns=eu,projects")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    download = download_info.value
    assert re.fullmatch(r"western-balkans-projects-me-rs-data-2023-05-exported-\d{4}-\d{2}-\d{2}\.csv",
                        download.suggested_filename), download.suggested_filename
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    rows = list(reader)
    assert reader.fieldnames == ["country", "iso2", "eu_status", "eu_status_source", "eu_status_as_of",
                                 "eu_status_evidence", "eu_status_locator", "chinese_projects",
                                 "chinese_projects_source", "chinese_projects_as_of", "chinese_projects_evidence",
                                 "chinese_projects_locator"]
    assert [r["iso2"] for r in rows] == ["ME", "RS"]
    serbia = rows[1]
    assert serbia["country"] == "Serbia"
    assert serbia["chinese_projects"] == "61"
    assert serbia["eu_status"] == "candidate"
    assert "fn 55" in serbia["chinese_projects_source"]
    assert serbia["eu_status_as_of"] == "2023-05"
    assert serbia["chinese_projects_as_of"] == "2021"


def test_url_reproduces_the_view(page, app_server):
    frame = open_app(page, app_server.url + "/?indicator=nato&countries=RS,ME,BA")
    assert focus_paths(frame) == 3
    legend = frame.locator(".wb-legend").inner_text()
    assert "NATO status" in legend and "Membership Action Plan" in legend
    assert page.get_by_role("radio", name="NATO status").is_checked()
    screenshot(page, "overview-url-nato")


def test_bad_url_shows_a_notice_and_no_dialog(page, app_server):
    frame = open_app(page, app_server.url + "/?indicator=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&countries=ZZ")
    wait_for_text(page, "not recognised")
    assert focus_paths(frame) == 6
    assert page.watch.dialogs == []
    screenshot(page, "overview-bad-url")


def test_switching_indicator_redraws_the_map(page, app_server):
    open_app(page, app_server.url + "/")
    page.get_by_text("EU status", exact=True).first.click()
    settle(page)
    frame = wait_for_map(page)
    frame.wait_for_function("document.querySelector('.wb-legend')"
                            " && document.querySelector('.wb-legend').innerText.includes('potential candidate')")
    assert "indicator=eu" in page.url
    screenshot(page, "overview-eu")


def test_switching_indicator_keeps_the_map_and_clicks_still_select(page, app_server):
    """The view layer group is swapped inside the same Leaflet map: no new iframe, one legend, one title."""
    frame = open_app(page, app_server.url + "/")
    frame.evaluate("window.__sameMap = true")
    page.get_by_text("NATO status", exact=True).first.click()
    frame.wait_for_function(
        "document.querySelector('.wb-legend h3') && document.querySelector('.wb-legend h3').innerText === 'NATO status'",
        timeout=30000)
    settle(page)
    assert frame.evaluate("window.__sameMap === true"), "the map iframe was reloaded"
    assert frame.evaluate("document.querySelectorAll('.wb-legend').length") == 1
    assert frame.evaluate("document.querySelectorAll('.wb-title').length") == 1
    assert frame.evaluate("document.querySelectorAll('.wb-source').length") == 1
    assert frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length") >= 7
    click_latlng(page, frame, 44.2, 20.7)  # central Serbia
    wait_for_text(page, "Open the profile of Serbia")
    screenshot(page, "overview-nato-after-switch")
    assert not page.watch.real_errors(), page.watch.real_errors()


def test_keyboard_reaches_and_selects_a_country_with_few_stops_in_the_map(page, app_server):
    """Grey neighbours and labels are out of the Tab order; Enter on a focused country selects it."""
    frame = open_app(page, app_server.url + "/")
    page.mouse.click(5, 300)  # the page, not the map
    stops_in_map = 0
    for _ in range(120):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.activeElement.tagName") == "IFRAME"
        stops_in_map += inside
        if inside and frame.evaluate("document.activeElement.getAttribute('role')") == "button" and \
                frame.evaluate("document.activeElement.tagName.toLowerCase()") == "path":
            break
    countries = frame.locator("path[role='button']")
    assert countries.count() == 6
    assert frame.evaluate("document.querySelectorAll('path[tabindex=\"-1\"]').length") >= 13  # the neighbours
    assert frame.evaluate("document.querySelectorAll('.wb-label-icon[tabindex]').length") == 0  # the labels
    serbia = frame.evaluate("""() => { for (const k in window) { try { const v = window[k];
        if (v && v._layers && v.getContainer) { let found = null;
          v.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.iso2 === 'RS') found = l; });
          if (found) { found.getElement().focus(); return document.activeElement === found.getElement(); } } } catch (e) {} }
        return false; }""")
    assert serbia
    page.keyboard.press("Enter")
    wait_for_text(page, "Open the profile of Serbia")
    assert "country=RS" in page.url
    screenshot(page, "overview-keyboard-serbia")


def test_on_a_phone_the_source_box_leaves_the_map_and_the_page_shows_it(browser, app_server):
    for width, height, inside in ((390, 844, False), (1366, 768, True)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        frame = open_app(page, app_server.url + "/?as_of=2015-01")
        shown = frame.evaluate("getComputedStyle(document.querySelector('.wb-source-panel')).display") != "none"
        assert shown == inside, width
        caption = page.locator("[data-testid='stCaptionContainer']").filter(has_text="Source:").first
        assert caption.is_visible() and "not from the brief" in caption.inner_text()
        if width == 390:
            page.screenshot(path=str(screenshot.__globals__["SCREENSHOTS"] / "overview-phone-source-below.png"))
        context.close()


def test_the_map_is_drawn_first_and_the_rest_follows_by_itself(page, app_server):
    leaflet_loads = []
    page.on("request", lambda request: leaflet_loads.append(request.url) if request.url.endswith("leaflet.js") else None)
    page.goto(app_server.url + "/")
    wait_for_map(page)
    first_view = page.locator(MAP_IFRAME)
    assert page.get_by_test_id("stSlider").count() == 0  # the first view: title and map
    first_view.evaluate("(frame) => { frame.dataset.firstView = '1'; }")
    top = first_view.bounding_box()["y"]
    wait_for_the_rest(page, timeout_s=10)  # no click: the page's own timer brings it
    page.get_by_role("button", name="Download CSV", exact=True).wait_for(timeout=10000)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=10000)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=10000)
    page.get_by_test_id("stSlider").wait_for(timeout=10000)
    settle(page)
    # The drawn map stays: the same iframe at the same place, Leaflet loaded once.
    assert page.locator(f"{MAP_IFRAME}[data-first-view='1']").count() == 1
    assert page.locator(MAP_IFRAME).bounding_box()["y"] == top
    assert len(leaflet_loads) == 1, leaflet_loads
    assert not page.watch.real_errors(), page.watch.real_errors()
