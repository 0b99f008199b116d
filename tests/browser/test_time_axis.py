"""The time axis in a real browser: the as-of control by keyboard, the map following it, the lane chart."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot
from tests.browser.helpers import open_app, settle, wait_for_map, wait_for_text


def map_subtitle(page) -> str:
    return wait_for_map(page).locator(".wb-title p").inner_text()


def lane_chart(page):
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    chart.locator("canvas, svg").first.wait_for(timeout=30000)
    return chart


def hover_until_tooltip(page, chart, text: str) -> str:
    """Move over the plot until Vega's tooltip shows `text`; return the tooltip's text."""
    box = chart.bounding_box()
    tooltip = page.locator("#vg-tooltip-element")
    for y_fraction in [i / 40 for i in range(6, 36)]:
        page.mouse.move(box["x"] + box["width"] * 0.93, box["y"] + box["height"] * y_fraction)
        page.wait_for_timeout(120)
        if tooltip.count() and tooltip.is_visible() and text in tooltip.inner_text():
            return tooltip.inner_text()
    raise AssertionError(f"no tooltip with {text!r} over the lane chart")


def test_the_as_of_control_moves_by_keyboard_and_the_map_and_link_follow(page, app_server):
    open_app(page, app_server.url + "/?indicator=eu&as_of=2015-02")
    assert "As of February 2015." in map_subtitle(page)
    slider = page.get_by_role("slider", name="Show as of (month)")
    assert "February 2015" in slider.get_attribute("aria-valuetext")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # one month back
    settle(page, 2)
    page.wait_for_url(re.compile(r"as_of=2015-01"), timeout=30000)
    assert "As of January 2015." in map_subtitle(page)
    frame = wait_for_map(page)
    assert "not from the brief" in frame.locator(".wb-source, .wb-notes, .wb-panel").all_inner_texts().__str__()
    assert "January 2015" in slider.get_attribute("aria-valuetext")
    screenshot(page, "time-axis-overview-2015-01")
    wait_for_text(page, "Back to the brief's date")
    page.get_by_role("button", name=re.compile("Back to the brief's date")).click()
    settle(page, 2)
    page.wait_for_function("() => !location.search.includes('as_of')", timeout=30000)
    assert "As of May 2023." in map_subtitle(page)
    assert not page.watch.real_errors(), page.watch.real_errors()
    assert page.watch.external() == [], page.watch.external()


def test_the_lane_chart_draws_offline_with_tooltips(page, app_server):
    open_app(page, app_server.url + "/?as_of=2015-01")
    chart = lane_chart(page)
    assert chart.bounding_box()["height"] > 400  # 18 lanes
    text = hover_until_tooltip(page, chart, "Status")
    assert "Source" in text and "Milestone" in text
    screenshot(page, "time-axis-lanes-tooltip")
    assert page.watch.external() == [], page.watch.external()
    assert not page.watch.real_errors(), page.watch.real_errors()


def test_lanes_on_profile_and_what_changed_on_compare(page, app_server):
    page.goto(app_server.url + "/profile?country=BA")
    wait_for_text(page, "candidate since 15 December 2022")
    lane_chart(page)
    screenshot(page, "time-axis-profile-ba")
    page.goto(app_server.url + "/compare?countries=ME,RS&from=2010-01&to=2020-01")
    wait_for_text(page, "What changed between two dates")
    lane_chart(page)
    table = page.locator("[data-testid='stDataFrame']").nth(1)
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    screenshot(page, "time-axis-compare-changes")
    assert page.watch.external() == [], page.watch.external()


def test_lanes_fit_a_phone_and_a_laptop(browser, app_server):
    for name, viewport in {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768},
                           "projector": {"width": 1920, "height": 1080}}.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        open_app(page, app_server.url + "/?as_of=2021-01")
        chart = lane_chart(page)
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, (name, box)
        page.screenshot(path=str(screenshot.__globals__["SCREENSHOTS"] / f"time-axis-lanes-{name}.png"))
        context.close()
