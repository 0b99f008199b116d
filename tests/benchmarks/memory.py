"""(d) Server memory: the Streamlit process's resident set size (VmRSS) as sessions are opened.

Each pass starts a fresh server and reads /proc/<pid>/status after start, after one browser session
on the page, and with 5 and 10 sessions open at once (each a browser context kept open; a reading
is taken once every session's map is drawn, its script run has finished and a second has passed).
The per-session figure is (RSS with 10 - RSS with 1) / 9. The bare one-line page is the reference
(one pass by default: its figures barely move, and every pass costs ten page loads).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, BrowserContext

from tests.benchmarks.browser import VIEWPORT, wait_for_idle
from tests.benchmarks.common import LoopbackServer
from tests.benchmarks.first_paint import Ready

TIMEOUT_MS = 90_000
SETTLE_S = 1.0
SESSION_STEPS = (1, 5, 10)


@dataclass(frozen=True)
class MemoryPass:
    started: float  # MiB after the server answered its health check
    by_sessions: dict[int, float]  # MiB with n sessions open

    @property
    def first_session(self) -> float:
        return self.by_sessions[1] - self.started

    @property
    def per_session(self) -> float:
        first, last = SESSION_STEPS[0], SESSION_STEPS[-1]
        return (self.by_sessions[last] - self.by_sessions[first]) / (last - first)


async def open_session(browser: Browser, url: str, ready: Ready) -> BrowserContext:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.goto(url, wait_until="commit")
    await ready(page)
    await wait_for_idle(page, TIMEOUT_MS)
    return context


async def settled_rss(server: LoopbackServer) -> float:
    await asyncio.sleep(SETTLE_S)
    return server.rss_mib()


async def memory_pass(browser: Browser, script: str, ready: Ready, log_dir: Path) -> MemoryPass:
    contexts: list[BrowserContext] = []
    with LoopbackServer(script=script, log_dir=log_dir) as server:
        try:
            started = await settled_rss(server)
            readings: dict[int, float] = {}
            for target in SESSION_STEPS:
                missing = target - len(contexts)
                contexts += await asyncio.gather(*(open_session(browser, server.url + "/", ready)
                                                   for _ in range(missing)))
                readings[target] = await settled_rss(server)
        finally:
            for context in contexts:
                await context.close()
    return MemoryPass(started, readings)


async def measure(browser: Browser, dashboard: tuple[str, Ready], bare: tuple[str, Ready], passes: int,
                  bare_passes: int, log_dir: Path) -> tuple[list[MemoryPass], list[MemoryPass]]:
    """`passes` passes on the dashboard; the first `bare_passes` of them are followed by one on the bare page."""
    app_results: list[MemoryPass] = []
    bare_results: list[MemoryPass] = []
    for index in range(passes):
        app_results.append(await memory_pass(browser, *dashboard, log_dir))
        if index < bare_passes:
            bare_results.append(await memory_pass(browser, *bare, log_dir))
    return app_results, bare_results
