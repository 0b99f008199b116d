"""The overview in a real browser: what is drawn, what is clicked, what is downloaded, what leaves."""

from __future__ import annotations

import csv
import io

from tests.browser.conftest import screenshot
from tests.browser.helpers import MAP_IFRAME, click_latlng, open_app, settle, wait_for_map, wait_for_text

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
    assert not page.get_by_text("ui", exact=True).count()  # no legacy pages/ navigation
    screenshot(page, "overview-default")
    assert not page.watch.real_errors(), page.watch.real_errors()
    assert page.watch.external() == [], page.watch.external()


def test_clicking_serbia_selects_it(page, app_server):
    frame = open_app(page, app_server.url + "/")
    click_latlng(page, frame, 44.2, 20.7)  # central Serbia, clear of Kosovo
    wait_for_text(page, "rank 1 of 6")
    summary = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="rank 1 of 6").first.inner_text()
    assert "61" in summary
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


def test_downloaded_csv_holds_the_view(page, app_server):
    open_app(page, app_server.url + "/?countries=RS,ME&columns=eu,projects")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith("western-balkans-comparison-") and download.suggested_filename.endswith(".csv")
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["Code"] for r in rows] == ["ME", "RS"]
    serbia = rows[1]
    assert serbia["Chinese projects (count, 2021)"] == "61"
    assert serbia["EU status (May 2023)"] == "candidate"
    assert "fn 55" in serbia["Chinese projects (count, 2021) - source"]
    assert serbia["EU status (May 2023) - as of"] == "2023-05"


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
    frame.wait_for_function("document.querySelector('.wb-legend') && document.querySelector('.wb-legend').innerText.includes('potential candidate')")
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
