"""Profiles and comparison in a real browser: navigation from the map, URLs, offline, screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import click_latlng, open_app, wait_for_map, wait_for_text

COUNTRIES = {"AL": "Albania", "BA": "Bosnia and Herzegovina", "XK": "Kosovo", "ME": "Montenegro",
             "MK": "North Macedonia", "RS": "Serbia"}


def test_map_click_leads_to_the_profile_and_back(page, app_server):
    frame = open_app(page, app_server.url + "/")
    click_latlng(page, frame, 42.6, 20.9)  # central Kosovo
    wait_for_text(page, "Open the profile of Kosovo")
    page.get_by_text("Open the profile of Kosovo").click()
    page.get_by_role("heading", name="Kosovo: country profile").wait_for(timeout=30000)
    assert "/profile" in page.url and "country=XK" in page.url
    wait_for_map(page, minimum_paths=3)
    screenshot(page, "profile-kosovo-from-map")
    page.go_back()
    overview_heading = page.get_by_role(
        "heading", name="Western Balkans: EU and NATO status, Clean Network Initiative and Chinese projects")
    overview_heading.wait_for(timeout=30000)
    wait_for_map(page)
    assert overview_heading.is_visible()
    assert page.watch.external() == []
    assert not page.watch.real_errors(), page.watch.real_errors()


@pytest.mark.parametrize("iso2", list(COUNTRIES))
def test_each_profile_opens_by_url(page, app_server, iso2):
    page.goto(f"{app_server.url}/profile?country={iso2}")
    page.get_by_role("heading", name=f"{COUNTRIES[iso2]}: country profile").wait_for(timeout=30000)
    frame = wait_for_map(page, minimum_paths=3)
    assert frame.locator(".wb-title").inner_text().startswith(COUNTRIES[iso2])
    page.get_by_role("heading", name="References").wait_for()
    screenshot(page, f"profile-{iso2.lower()}")
    assert page.watch.external() == []
    assert not page.watch.real_errors(), page.watch.real_errors()


def test_serbia_profile_marks_the_named_cities(page, app_server):
    page.goto(f"{app_server.url}/profile?country=RS")
    frame = wait_for_map(page, minimum_paths=3)
    labels = frame.locator(".wb-place").all_inner_texts()
    assert {"Belgrade", "Novi Sad", "Niš", "Smederevo", "Kragujevac"} <= set(labels)


def test_hostile_profile_url_gives_a_notice_and_no_dialog(page, app_server):
    page.goto(f"{app_server.url}/profile?country=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    wait_for_text(page, "not one of the 6;")
    page.get_by_text("Back to the overview", exact=True).wait_for(timeout=15000)
    assert page.watch.dialogs == []
    screenshot(page, "profile-bad-url")


def test_compare_url_shows_the_chosen_countries(page, app_server):
    page.goto(f"{app_server.url}/compare?countries=ME,RS,XK")
    page.get_by_role("heading", name="Compare countries side by side").wait_for(timeout=30000)
    page.get_by_role("heading", name="References").wait_for()
    for name in ("Montenegro", "Serbia", "Kosovo"):
        assert page.get_by_text(name, exact=True).first.is_visible()
    screenshot(page, "compare-me-rs-xk")
    assert page.watch.external() == []


def test_cite_this_view_opens_on_request_with_the_views_link(page, app_server):
    page.goto(app_server.url + "/profile?country=RS")
    wait_for_text(page, "Cite this view")
    assert page.locator("[data-testid='stCode']").count() == 0  # not drawn until asked: no code bundle on load
    switch = page.get_by_text("Cite this view").first
    switch.scroll_into_view_if_needed()
    switch.click()
    code = page.locator("[data-testid='stCode']").first
    code.wait_for(timeout=30000)
    text = code.inner_text()
    assert "/profile?country=RS" in text and "accessed" in text and "Security Tech Brief" in text
    screenshot(page, "profile-cite-this-view")
