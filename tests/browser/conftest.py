"""Browser fixtures: the running app, Debian's Chromium through Playwright, and a request log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, AppServer
from wbdash.web_assets import assets_ready, ensure_static_assets

SCREENSHOTS = REPO_ROOT / "tests" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    # As `python -m wbdash prepare-assets` does before `bootstrap start`: the server never copies them itself.
    ensure_static_assets()
    assert assets_ready()
    with AppServer() as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    # A missing browser must fail, not skip: CI treats a skipped browser test as a failure.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `python3 -m wbdash.bootstrap test` (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Watch:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def real_errors(self) -> list[str]:
        """JavaScript errors and failed loads, minus Streamlit's own base-path probes.

        Opened at a page path such as /profile, Streamlit's frontend first asks /profile/_stcore/health
        and host-config (404) to discover its base path before using /_stcore/; that is not ours.
        """
        failed = [f for f in self.failed if "/_stcore/" not in f]
        errors = [e for e in self.errors if not e.startswith("Failed to load resource")]
        return errors + failed

    def external(self) -> list[str]:
        return [
            url for url in self.requests
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    watch = Watch()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda response: watch.failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    page.watch = watch
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
