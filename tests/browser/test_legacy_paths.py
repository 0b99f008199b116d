"""Helper modules in pages/ opened by URL on a fresh server lead to the dashboard, not a blank page.

Streamlit's legacy pages/ mode lists every file in pages/ as a page until st.navigation first runs, so
/ui, /maps and /presentation (pages/_ui.py, _maps.py, _presentation.py) are reachable on a fresh server.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import wait_for_map
from tests.browser.server import AppServer

OVERVIEW_HEADING = "Western Balkans: EU and NATO status, Clean Network Initiative and Chinese projects"


@pytest.mark.parametrize("path", ["ui", "maps", "presentation"])
def test_helper_module_url_on_a_fresh_server_shows_the_dashboard(page, path):
    with AppServer() as fresh:  # the legacy mode only applies before the first st.navigation call
        page.goto(f"{fresh.url}/{path}")
        page.get_by_role("heading", name=OVERVIEW_HEADING).wait_for(timeout=30000)
        wait_for_map(page)
        screenshot(page, f"legacy-path-{path}")
        assert page.watch.external() == []
