"""Briefing views in a real browser: presentation mode at 1920x1080, print of a profile, image download."""

from __future__ import annotations

from PIL import Image

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.helpers import wait_for_map


def test_presentation_mode_is_slide_ready(browser, app_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(app_server.url + "/?present=1&indicator=nato")
    frame = wait_for_map(page)
    page.get_by_text("Whole Balkans since 2013 (brief)").wait_for(timeout=30000)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator("[data-testid='stRadio']").count()
    assert "NATO status" in frame.locator(".wb-legend").inner_text()
    map_box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    assert map_box["y"] + map_box["height"] <= 1080  # map fits the 16:9 frame without scrolling
    table_box = page.locator("[data-testid='stTable']").bounding_box()
    assert table_box["y"] + table_box["height"] <= 1080
    path = SCREENSHOTS / "presentation-1920x1080.png"
    page.screenshot(path=str(path))
    assert Image.open(path).size == (1920, 1080)
    context.close()


def test_printed_profile_has_no_widgets_but_keeps_citations(page, app_server):
    page.goto(app_server.url + "/profile?country=ME")
    page.get_by_role("heading", name="References").wait_for(timeout=30000)
    page.emulate_media(media="print")
    # The print stylesheet is an element of the page like any other: wait for it to apply.
    page.locator("[data-testid='stSelectbox']").first.wait_for(state="hidden", timeout=15000)
    page.locator("[data-testid='stDownloadButton']").first.wait_for(state="hidden", timeout=15000)
    assert page.get_by_role("heading", name="Montenegro: country profile").is_visible()
    assert page.get_by_text("[1]", exact=False).first.is_visible()
    screenshot(page, "profile-me-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_map_image_download_is_slide_sized(page, app_server):
    page.goto(app_server.url + "/?indicator=eu")
    wait_for_map(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Map image (PNG, 1920 px)").click()
    download = info.value
    assert download.suggested_filename.endswith(".png") and "-eu-" in download.suggested_filename
    image = Image.open(download.path())
    assert image.size == (1920, 1080)
    image.save(SCREENSHOTS / "download-map-eu.png")
