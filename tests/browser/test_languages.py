"""The dashboard in each language in a real browser: the map's words, the switch, the URL, screenshots."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import open_app, settle, wait_for_map
from wbdash.dataset import load_dataset
from wbdash.i18n import load_languages, load_translations, using
from wbdash.localise import localise
from wbdash.paths import DATA_DIR

LANGUAGES = [language for language in load_languages(DATA_DIR).all if language.code != "en"]
BASE = load_dataset()


def words(code: str):
    """The localised dataset: what the page should say in that language."""
    language = next(item for item in LANGUAGES if item.code == code)
    with using(language.locale):
        return localise(BASE, language, load_translations(DATA_DIR, language.locale))


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_overview_and_profile_in_each_language(page, app_server, language):
    data = words(language.code)
    frame = open_app(page, f"{app_server.url}/?lang={language.code}")
    labels = set(frame.locator(".wb-label").all_inner_texts())
    assert {data.country("RS")["name"], data.country("MK")["name"], data.country("XK")["name"]} <= labels
    legend = frame.locator(".wb-legend").inner_text()
    indicator = data.registry[data.registry.default_map]
    assert indicator.class_labels[-1] in legend
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == data.content.text("map.zoom_in")
    page.get_by_role("link", name=data.content.text("nav.profile")).first.wait_for()
    settle(page)
    screenshot(page, f"language-{language.code}-overview")

    page.goto(f"{app_server.url}/profile?country=MK&lang={language.code}")
    name = data.country("MK")["name"]
    page.get_by_role("heading", name=data.content.text("profile.title", country=name)).wait_for(timeout=30000)
    frame = wait_for_map(page, minimum_paths=3)
    assert frame.locator(".wb-title").inner_text().startswith(name)
    settle(page)
    screenshot(page, f"language-{language.code}-profile-mk")
    assert page.watch.external() == []
    assert not page.watch.real_errors(), page.watch.real_errors()


def test_switching_language_in_the_sidebar_keeps_the_view_and_the_link(page, app_server):
    open_app(page, f"{app_server.url}/?indicator=eu")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Language").locator("input").click()
    page.get_by_role("option", name="Српски (ћирилица)").click()
    data = words("sr-Cyrl")
    page.get_by_role("link", name=data.content.text("nav.profile")).first.wait_for(timeout=30000)
    deadline = time.monotonic() + 30
    while data.country("RS")["name"] not in wait_for_map(page).locator(".wb-label").all_inner_texts():
        assert time.monotonic() < deadline, "the map kept its English names"
        settle(page, 0.5)
    assert "lang=sr-Cyrl" in page.url and "indicator=eu" in page.url
    page.get_by_role("link", name=data.content.text("nav.compare")).first.click()
    page.wait_for_url("**/compare?*", timeout=30000)
    assert "lang=sr-Cyrl" in page.url
    page.get_by_role("heading", level=1).first.wait_for()
    assert page.get_by_role("heading", level=1).first.inner_text() == data.content.text("compare.title")
