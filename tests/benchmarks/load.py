"""Bounded load test: concurrent simulated readers running real sessions on a loopback server.

Run from the repository root (about 2 minutes; it starts its own server on 127.0.0.1 and a free port,
and stops it at the end; nothing is asserted, exit 0):

    .venv/bin/python -m tests.benchmarks.load [--users 30] [--interactions 10] [--rounds 3]
        [--client protocol|browser] [--browsers 2] [--think 1.0] [--ramp 5] [--session-ttl SECONDS]

Each reader opens the overview (its "initial load", reported apart), then makes `--interactions`
interactions in this cycle: switch the indicator, switch it again, click a country on the map, open that
country's profile, go back to the overview. Between interactions it waits a think time of
`--think` x uniform(0.5, 1.5) seconds.

Readers are, by default, clients of Streamlit's websocket protocol (tests/benchmarks/protocol.py): a
session each, sending what the frontend sends (widget states, the map component's click value, a page
change) and checking the answer (the legend shows the new indicator, the summary names the country,
the profile's heading). Latency runs from the request to the run's `script_finished`. With
`--client browser` each reader is a headless Chromium context instead, and latency runs from the click
until the expected change is visible and the app reports "notRunning"; on a 2-core machine the browsers
then take most of the CPU, so those figures say more about Chromium than about the server.

Printed: errors (target 0), p50/p95/max latency per round and per kind of interaction (target p95 <
500 ms), and the server's RSS (VmRSS) before each round, its peak during the round (sampled every
0.5 s) and after it (then `--settle` seconds). Memory "returns to a plateau" when the after-round RSS of
the last round is within PLATEAU_MIB of the round before it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from tests.benchmarks.browser import CURRENT_MAP_IFRAME, VIEWPORT, launch, legend_title, wait_for_idle, wait_for_legend, wait_for_map
from tests.benchmarks.common import LoopbackServer, Row, format_grid, format_table, median, mib, ms, percentile, read_rss_mib
from tests.benchmarks.protocol import ProtocolUser
from wbdash.dataset import load_dataset

INDICATOR_LABELS = ("EU status", "NATO status", "Clean Network Initiative", "Chinese projects")
CYCLE = ("indicator", "indicator", "click", "profile", "overview")
SIDEBAR = '[data-testid="stSidebar"]'
SIDEBAR_NAV = '[data-testid="stSidebarNav"]'
SAMPLE_EVERY_S = 0.5
PLATEAU_MIB = 16.0
P95_TARGET_S = 0.5


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    lat: float
    lng: float


@dataclass(frozen=True)
class Sample:
    round: int
    kind: str
    seconds: float
    error: str = ""


@dataclass
class RoundResult:
    number: int
    samples: list[Sample] = field(default_factory=list)
    expected: int = 0  # interactions planned (users x interactions)
    rss_before: float = 0.0
    rss_peak: float = 0.0
    rss_after: float = 0.0
    seconds: float = 0.0

    def interactions(self) -> list[Sample]:
        return [s for s in self.samples if s.kind != "initial load"]

    def errors(self) -> int:
        done = self.interactions()
        return sum(1 for s in self.samples if s.error) + max(0, self.expected - len(done))

    def latencies(self) -> list[float]:
        return [s.seconds for s in self.interactions() if not s.error]


def click_targets() -> list[Country]:
    """A point inside each of the six countries (shapely's representative point)."""
    countries = load_dataset().countries
    points = countries.geometry.representative_point()
    return [Country(str(iso2), str(name), point.y, point.x)
            for iso2, name, point in zip(countries["iso2"], countries["name"], points, strict=True)]


class User:
    """One simulated reader in one browser context; each interaction returns its latency in seconds."""

    def __init__(self, page: Page, url: str, number: int, countries: list[Country], timeout_ms: float):
        self.page, self.url, self.number = page, url, number
        self.countries, self.timeout_ms = countries, timeout_ms
        self.indicator = ""
        self.country: Country | None = None
        self.turn = number  # offsets the rotations so users do not all pick the same thing

    async def _overview_ready(self) -> None:
        await wait_for_map(self.page, self.timeout_ms)
        await self.page.frame_locator(CURRENT_MAP_IFRAME).locator(".wb-legend h3").wait_for(timeout=self.timeout_ms)
        await wait_for_idle(self.page, self.timeout_ms)
        self.indicator = await legend_title(self.page, self.timeout_ms)
        self.country = None

    async def initial_load(self) -> float:
        start = time.perf_counter()
        await self.page.goto(self.url + "/", wait_until="commit", timeout=self.timeout_ms)
        await self._overview_ready()
        return time.perf_counter() - start

    async def indicator_switch(self) -> float:
        self.turn += 1
        choices = [label for label in INDICATOR_LABELS if label != self.indicator]
        label = choices[self.turn % len(choices)]
        radio = self.page.locator(SIDEBAR).get_by_text(label, exact=True)
        start = time.perf_counter()
        await radio.click(timeout=self.timeout_ms)
        await wait_for_legend(self.page, label, self.timeout_ms)
        await wait_for_idle(self.page, self.timeout_ms)
        self.indicator = label
        return time.perf_counter() - start

    async def map_click(self) -> float:
        self.turn += 1
        choices = [country for country in self.countries if country != self.country]
        country = choices[self.turn % len(choices)]
        x, y = await self._map_point(country)
        start = time.perf_counter()
        await self.page.mouse.click(x, y)
        await self.page.get_by_text(f"Open the profile of {country.name}", exact=True).wait_for(timeout=self.timeout_ms)
        await wait_for_idle(self.page, self.timeout_ms)
        self.country = country
        return time.perf_counter() - start

    async def _map_point(self, country: Country) -> tuple[float, float]:
        """Page coordinates of a geographic point on the map (as tests/browser/helpers.click_latlng).

        The page's layout still shifts after the map is drawn (the web fonts arrive and the title
        re-wraps, moving the map by about 100 px), so the point is read until it stays put.
        """
        await self.page.evaluate("document.fonts.ready.then(() => true)")
        previous = None
        for _ in range(20):
            handle = await self.page.wait_for_selector(CURRENT_MAP_IFRAME, timeout=self.timeout_ms)
            frame = await handle.content_frame()
            if frame is None:
                raise RuntimeError("the map iframe has no frame")
            point = await frame.evaluate(
                "([lat, lng]) => { const p = map_div.latLngToContainerPoint([lat, lng]);"
                " const r = map_div.getContainer().getBoundingClientRect(); return [r.x + p.x, r.y + p.y]; }",
                [country.lat, country.lng])
            box = await handle.bounding_box()
            if box is None:
                raise RuntimeError("the map iframe is not displayed")
            current = (box["x"] + point[0], box["y"] + point[1])
            if current == previous:
                return current
            previous = current
            await asyncio.sleep(0.1)
        raise RuntimeError("the map kept moving on the page")

    async def profile_open(self) -> float:
        if self.country is None:
            raise RuntimeError("no country selected to open")
        name = self.country.name
        link = self.page.get_by_text(f"Open the profile of {name}", exact=True)
        start = time.perf_counter()
        await link.click(timeout=self.timeout_ms)
        await self.page.get_by_role("heading", name=f"{name}: country profile").wait_for(timeout=self.timeout_ms)
        await wait_for_idle(self.page, self.timeout_ms)
        return time.perf_counter() - start

    async def overview_open(self) -> float:
        link = self.page.locator(SIDEBAR_NAV).get_by_text("Overview", exact=True)
        start = time.perf_counter()
        await link.click(timeout=self.timeout_ms)
        await self._overview_ready()
        return time.perf_counter() - start

    def action(self, kind: str) -> Callable[[], Awaitable[float]]:
        return {"indicator": self.indicator_switch, "click": self.map_click, "profile": self.profile_open,
                "overview": self.overview_open}[kind]


AnyUser = User | ProtocolUser
MakeUser = Callable[[int], AbstractAsyncContextManager[AnyUser]]


def browser_users(browsers: list[Browser], url: str, countries: list[Country], args: argparse.Namespace) -> MakeUser:
    @asynccontextmanager
    async def make(number: int) -> AsyncIterator[AnyUser]:
        context = await browsers[number % len(browsers)].new_context(viewport=VIEWPORT)
        try:
            yield User(await context.new_page(), url, number, countries, args.timeout * 1000)
        finally:
            await context.close()
    return make


def protocol_users(url: str, countries: list[Country], args: argparse.Namespace) -> MakeUser:
    @asynccontextmanager
    async def make(number: int) -> AsyncIterator[AnyUser]:
        user = ProtocolUser(url, number, [(country.iso2, country.name) for country in countries], args.timeout)
        try:
            yield user
        finally:
            await user.close()
    return make


async def run_user(make_user: MakeUser, number: int, round_no: int, args: argparse.Namespace,
                   samples: list[Sample]) -> None:
    rng = random.Random(round_no * 1000 + number)
    await asyncio.sleep(args.ramp * number / max(1, args.users))
    async with make_user(number) as user:
        try:
            samples.append(Sample(round_no, "initial load", await user.initial_load()))
        except Exception as error:  # noqa: BLE001 - every failure is a reported error, not a crash
            samples.append(Sample(round_no, "initial load", 0.0, short(error)))
            return
        for index in range(args.interactions):
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
            kind = CYCLE[index % len(CYCLE)]
            try:
                samples.append(Sample(round_no, kind, await user.action(kind)()))
            except Exception as error:  # noqa: BLE001
                samples.append(Sample(round_no, kind, 0.0, short(error)))
                if not await recover(user):
                    return


async def recover(user: AnyUser) -> bool:
    """Start over on the overview after a failed interaction (a new session); False if even that fails."""
    try:
        await user.initial_load()
        return True
    except Exception:  # noqa: BLE001
        return False


def short(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"


class RssSampler:
    """Samples the server's VmRSS every SAMPLE_EVERY_S seconds while running."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        while True:
            self.samples.append((time.monotonic(), read_rss_mib(self.pid)))
            await asyncio.sleep(SAMPLE_EVERY_S)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def peak_since(self, since: float) -> float:
        return max((rss for at, rss in self.samples if at >= since), default=0.0)


async def run_round(make_user: MakeUser, server: LoopbackServer, sampler: RssSampler, round_no: int,
                    args: argparse.Namespace) -> RoundResult:
    result = RoundResult(round_no, expected=args.users * args.interactions, rss_before=server.rss_mib())
    started = time.monotonic()
    users = [run_user(make_user, n, round_no, args, result.samples) for n in range(args.users)]
    try:
        await asyncio.wait_for(asyncio.gather(*users), timeout=args.round_timeout)
    except TimeoutError:
        result.samples.append(Sample(round_no, "round", 0.0, f"round stopped after {args.round_timeout:.0f} s"))
    result.seconds = time.monotonic() - started
    result.rss_peak = sampler.peak_since(started)
    await asyncio.sleep(args.settle)
    result.rss_after = server.rss_mib()
    return result


async def run_load(args: argparse.Namespace, log_dir: Path) -> tuple[list[RoundResult], float]:
    countries = click_targets()
    options = {"server.disconnectedSessionTTL": str(args.session_ttl)} if args.session_ttl is not None else {}
    results: list[RoundResult] = []
    with LoopbackServer(options=options, log_dir=log_dir) as server:
        started_rss = server.rss_mib()
        sampler = RssSampler(server.pid)
        sampler.start()
        try:
            if args.client == "protocol":
                await run_rounds(protocol_users(server.url, countries, args), server, sampler, args, results)
            else:
                async with async_playwright() as playwright:
                    browsers = [await launch(playwright) for _ in range(args.browsers)]
                    try:
                        await run_rounds(browser_users(browsers, server.url, countries, args), server, sampler, args,
                                         results)
                    finally:
                        for browser in browsers:
                            await browser.close()
        finally:
            await sampler.stop()
    return results, started_rss


async def run_rounds(make_user: MakeUser, server: LoopbackServer, sampler: RssSampler, args: argparse.Namespace,
                     results: list[RoundResult]) -> None:
    for round_no in range(1, args.rounds + 1):
        results.append(await run_round(make_user, server, sampler, round_no, args))
        print(f"round {round_no} done in {results[-1].seconds:.0f} s", flush=True)


# --- report ------------------------------------------------------------------------------------------------

def latency_cells(values: list[float]) -> tuple[str, str, str]:
    if not values:
        return "-", "-", "-"
    return ms(percentile(values, 0.5)), ms(percentile(values, 0.95)), ms(max(values))


def round_table(results: list[RoundResult], started_rss: float) -> str:
    header = ("round", "interactions", "errors", "p50", "p95", "max", "RSS before", "RSS peak", "RSS after", "wall")
    lines = [header]
    for r in results:
        lines.append((str(r.number), str(len(r.interactions())), str(r.errors()), *latency_cells(r.latencies()),
                      mib(r.rss_before), mib(r.rss_peak), mib(r.rss_after), f"{r.seconds:.0f} s"))
    every = [latency for r in results for latency in r.latencies()]
    lines.append(("all", str(sum(len(r.interactions()) for r in results)), str(sum(r.errors() for r in results)),
                  *latency_cells(every), mib(started_rss) + " (start)", "", "", ""))
    return format_grid("Per round (latency of the interactions; the initial loads are apart)", lines)


def kind_table(results: list[RoundResult]) -> str:
    samples = [s for r in results for s in r.samples]
    kinds = ["initial load", *dict.fromkeys(CYCLE)]
    lines = [("interaction", "count", "errors", "p50", "p95", "max")]
    for kind in kinds:
        mine = [s for s in samples if s.kind == kind]
        lines.append((kind, str(len(mine)), str(sum(1 for s in mine if s.error)),
                      *latency_cells([s.seconds for s in mine if not s.error])))
    return format_grid("Per kind of interaction, all rounds", lines)


def summary_table(results: list[RoundResult]) -> str:
    every = [latency for r in results for latency in r.latencies()]
    errors = sum(r.errors() for r in results)
    afters = [r.rss_after for r in results]
    steps = [later - earlier for earlier, later in zip(afters, afters[1:], strict=False)]
    plateau = bool(steps) and abs(steps[-1]) <= PLATEAU_MIB
    growth = ", ".join(f"{step:+.1f}" for step in steps) or "-"
    rows = [
        Row("errors", str(errors), target="0"),
        Row("p50 interaction latency", ms(percentile(every, 0.5)) if every else "-"),
        Row("p95 interaction latency", ms(percentile(every, 0.95)) if every else "-", target="< 500 ms",
            ratio=f"{percentile(every, 0.95) / P95_TARGET_S:.1f}x the target" if every else ""),
        Row("median peak RSS during a round", mib(median([r.rss_peak for r in results]))),
        Row("RSS after each round, change per round (MiB)", growth,
            target=f"plateau: last change <= {PLATEAU_MIB:.0f} MiB -> {'yes' if plateau else 'no'}"),
    ]
    return format_table("Summary", rows, header=Row("figure", "value", "", "note", "target"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30, help="concurrent users per round (default 30)")
    parser.add_argument("--interactions", type=int, default=10, help="interactions per user (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, one after the other (default 3)")
    parser.add_argument("--client", choices=("protocol", "browser"), default="protocol",
                        help="protocol: Streamlit's websocket protocol, no browser (default); browser: a headless "
                             "Chromium context per user (on 2 cores this mostly measures Chromium)")
    parser.add_argument("--browsers", type=int, default=2, help="with --client browser: Chromium instances (default 2)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between interactions, s")
    parser.add_argument("--ramp", type=float, default=5.0, help="users start spread over this many seconds")
    parser.add_argument("--timeout", type=float, default=60.0, help="per interaction, s (then it is an error)")
    parser.add_argument("--round-timeout", type=float, default=600.0, help="a round is stopped after this, s")
    parser.add_argument("--settle", type=float, default=5.0, help="wait after a round before reading RSS, s")
    parser.add_argument("--session-ttl", type=int, default=None,
                        help="server.disconnectedSessionTTL for the server (default: Streamlit's, 120 s)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wbdash-load-") as tmp:
        results, started_rss = asyncio.run(run_load(args, Path(tmp)))
    ttl = f"{args.session_ttl} s" if args.session_ttl is not None else "Streamlit's default (120 s)"
    clients = "websocket-protocol clients" if args.client == "protocol" else f"{args.browsers} Chromium instance(s)"
    print(f"\nwbdash load test: {args.users} users x {args.interactions} interactions x {args.rounds} rounds, "
          f"{clients}, think time {args.think:.1f} s (x0.5-1.5), ramp {args.ramp:.0f} s, "
          f"disconnected-session TTL {ttl}; {time.perf_counter() - started:.0f} s in all.\n")
    print(round_table(results, started_rss), end="\n\n")
    print(kind_table(results), end="\n\n")
    print(summary_table(results))
    errors = [s for r in results for s in r.samples if s.error]
    if errors:
        print("\nFirst errors:")
        for sample in errors[:5]:
            print(f"  round {sample.round}, {sample.kind}: {sample.error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
