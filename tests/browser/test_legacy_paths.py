"""Every page URL works as the first request to a fresh server; an unknown path shows the overview.

Streamlit's documented pages/ mode: dashboard.py is the main page (/), each file in pages/ another page
(/profile, /compare, /sources). The helper modules that used to sit in pages/ (/ui, /maps, /presentation)
now live in wbdash/app/, so those paths are unknown: Streamlit reports "page not found" and runs the
main page. A fresh server per URL, because a reader's link is often the first request a replica gets.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import wait_for_map
from tests.browser.server import AppServer

OVERVIEW_HEADING = "Western Balkans: EU and NATO status, Clean Network Initiative and Chinese projects"
MENU = ["Overview", "Country profiles", "Compare", "Sources & method"]

PAGES = [
    # (path, heading, polygons the page's map draws, or None for a page without a map)
    ("", OVERVIEW_HEADING, 7),
    ("profile?country=RS", "Serbia: country profile", 3),
    ("compare", "Compare countries side by side", None),
    ("sources", "Sources & method", None),
]


@pytest.fixture(scope="module", autouse=True)
def assets(app_server):
    """The fresh servers below need the vendored assets the session server's fixture prepares."""
    return app_server


@pytest.mark.parametrize(("path", "heading", "polygons"), PAGES, ids=["overview", "profile", "compare", "sources"])
def test_each_page_url_opens_first_on_a_fresh_server(page, path, heading, polygons):
    with AppServer() as fresh:
        page.goto(f"{fresh.url}/{path}")
        page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=30000)
        if polygons is not None:
            frame = wait_for_map(page, minimum_paths=polygons)
            assert frame.locator(".wb-legend, .wb-title").count() >= 1
        menu = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink']")
        menu.first.wait_for(state="attached", timeout=15000)
        labels = menu.all_text_contents()  # each starts with its icon's ligature name, e.g. "map"
        assert len(labels) == len(MENU) and all(text.endswith(label) for text, label in zip(labels, MENU, strict=True)), labels
        screenshot(page, f"first-url-{path.split('?')[0] or 'overview'}")
        assert page.watch.external() == [], page.watch.external()
        assert not page.watch.real_errors(), page.watch.real_errors()


@pytest.mark.parametrize("path", ["ui", "maps", "presentation"])
def test_unknown_path_on_a_fresh_server_shows_the_overview(page, path):
    with AppServer() as fresh:
        page.goto(f"{fresh.url}/{path}")
        page.get_by_role("heading", name=OVERVIEW_HEADING, exact=True).wait_for(timeout=30000)
        wait_for_map(page)
        assert page.get_by_role("heading", name="Sources & method", exact=True).count() == 0
        screenshot(page, f"unknown-path-{path}")
        assert page.watch.external() == [], page.watch.external()
