"""Load through HAProxy: saturation with 1 and 2 replicas, an audience with think time, downloads, a killed
replica, and each replica's memory. Opt-in, bounded, loopback only; it stops by itself and asserts nothing.

    .venv/bin/python -m tests.benchmarks.balanced [--users 30] [--seconds 60] [--rounds 3] [--think 3]
        [--saturation-seconds 15] [--levels 1,2,4,8,16] [--failover-users 20] [--only saturation,audience,failover]

Every reader is a websocket-protocol client (tests/benchmarks/protocol.py) that loads the page over HTTP first,
keeps HAProxy's sticky cookie, and sends it with its websocket and its downloads, as a browser does.

- Saturation: N readers with no pause, cycling the interactions, for each N in --levels, against 1 and against 2
  replicas. Interactions per second and p95; the best rate with p95 <= 500 ms is the capacity.
- Audience: --users readers, think time exponential with mean --think, for --rounds rounds of --seconds (new
  sessions each round); each reader also downloads the CSV and the map PNG through the balancer. p50/p95/p99
  and errors; each replica's RSS after each round (does it level off?).
- Failover: --failover-users readers; a third of the way in, replica 1 is killed (SIGKILL). Its readers see
  their websocket drop, reconnect through the balancer and get their view back from the URL. Counted: the errors
  they saw, the time until each one had its view back, and the time until HAProxy marked the replica down.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.cluster import Cluster
from tests.benchmarks.common import format_grid, mib, ms, percentile
from tests.benchmarks.load import CYCLE, click_targets, short
from tests.benchmarks.protocol import ProtocolUser
from wbdash.dataset import load_dataset

P95_TARGET_S = 0.5
RESUME_GIVE_UP_S = 90.0


@dataclass
class Tally:
    samples: list[tuple[str, float]] = field(default_factory=list)  # (kind, seconds) of successes
    errors: list[tuple[str, str]] = field(default_factory=list)  # (kind, message) of failed interactions
    failed_reconnects: list[str] = field(default_factory=list)  # attempts to come back that failed, retried
    recoveries: list[float] = field(default_factory=list)  # seconds from a reader's first error to its view back

    def add(self, kind: str, seconds: float) -> None:
        self.samples.append((kind, seconds))

    def latencies(self, kinds: tuple[str, ...] = CYCLE) -> list[float]:
        return [seconds for kind, seconds in self.samples if kind in kinds]


@dataclass(frozen=True)
class Plan:
    until: float
    think_s: float  # mean of an exponential pause; 0: none
    downloads: bool = False
    resume_from_url: bool = False


def view_query(user: ProtocolUser, keys_by_label: dict[str, str]) -> str:
    """The part of the view's URL the reader had: which indicator the map showed."""
    key = keys_by_label.get(user.indicator, "")
    return f"indicator={key}" if key else ""


async def reader(url: str, number: int, plan: Plan, tally: Tally, countries: list[tuple[str, str]],
                 keys_by_label: dict[str, str], timeout_s: float) -> None:
    rng = random.Random(number)
    user = ProtocolUser(url, number, countries, timeout_s)
    try:
        try:
            tally.add("initial load", await user.initial_load())
        except Exception as error:  # noqa: BLE001 - every failure is a reported error, not a crash
            tally.errors.append(("initial load", short(error)))
            return
        if plan.downloads:
            try:
                tally.add("download", await user.download_files())
            except Exception as error:  # noqa: BLE001
                tally.errors.append(("download", short(error)))
        turn = 0
        while time.monotonic() < plan.until:
            if plan.think_s:
                await asyncio.sleep(rng.expovariate(1 / plan.think_s))
            if time.monotonic() >= plan.until:
                break
            kind = CYCLE[turn % len(CYCLE)]
            turn += 1
            if kind == "profile" and user.country is None:
                kind = "click"
            try:
                tally.add(kind, await user.action(kind)())
            except Exception as error:  # noqa: BLE001
                tally.errors.append((kind, short(error)))
                if not await come_back(user, plan, tally, keys_by_label):
                    return
    finally:
        await user.close()


async def come_back(user: ProtocolUser, plan: Plan, tally: Tally, keys_by_label: dict[str, str]) -> bool:
    """After a failed interaction: a new session with the view's URL, retried until it works (or give up)."""
    failed_at = time.monotonic()
    query = view_query(user, keys_by_label) if plan.resume_from_url else ""
    while time.monotonic() - failed_at < RESUME_GIVE_UP_S:
        try:
            await user.resume(query)
            tally.recoveries.append(time.monotonic() - failed_at)
            return True
        except Exception as error:  # noqa: BLE001
            tally.failed_reconnects.append(short(error))
            await asyncio.sleep(0.5)
    return False


@functools.cache
def _readers_data() -> tuple[list[tuple[str, str]], dict[str, str]]:
    countries = [(c.iso2, c.name) for c in click_targets()]
    return countries, {indicator.label: indicator.key for indicator in load_dataset().registry.indicators}


async def run_readers(url: str, count: int, plan: Plan, tally: Tally, ramp_s: float, timeout_s: float,
                      during: Callable[[], asyncio.Future] | None = None) -> None:
    countries, keys_by_label = _readers_data()

    async def started(number: int) -> None:
        await asyncio.sleep(ramp_s * number / max(1, count))
        await reader(url, number, plan, tally, countries, keys_by_label, timeout_s)

    tasks = [started(number) for number in range(count)]
    if during is not None:
        tasks.append(during())
    await asyncio.gather(*tasks)


# --- the three scenarios ---------------------------------------------------------------------------------------

def saturation(replica_count: int, levels: list[int], seconds: float, log_dir: Path, timeout_s: float) -> list[tuple]:
    rows = []
    with Cluster(replica_count, log_dir / f"saturation-{replica_count}.log") as cluster:
        # Warm every replica (its first session imports the libraries and loads the data: seconds, not ms).
        asyncio.run(run_readers(cluster.url, 2 * replica_count, Plan(time.monotonic() + 5, 0), Tally(), 0, timeout_s))
        for level in levels:
            tally = Tally()
            start = time.monotonic()
            asyncio.run(run_readers(cluster.url, level, Plan(start + seconds, 0), tally, 0, timeout_s))
            wall = time.monotonic() - start
            latencies = tally.latencies()
            rate = len(latencies) / wall
            p95 = percentile(latencies, 0.95) if latencies else float("inf")
            rows.append((replica_count, level, len(latencies), len(tally.errors), rate, p95))
            print(f"saturation: {replica_count} replica(s), {level} readers: {rate:.1f}/s, p95 {ms(p95)}", flush=True)
    return rows


def audience(users: int, seconds: float, rounds: int, think_s: float, log_dir: Path, timeout_s: float
             ) -> tuple[Tally, list[tuple[int, list[float]]]]:
    tally = Tally()
    memory = []
    with Cluster(2, log_dir / "audience.log") as cluster:
        memory.append((0, [cluster.replica_rss_mib(n) for n in (1, 2)]))
        for round_no in range(1, rounds + 1):
            plan = Plan(time.monotonic() + seconds, think_s, downloads=True)
            asyncio.run(run_readers(cluster.url, users, plan, tally, min(10.0, seconds / 4), timeout_s))
            time.sleep(3)
            memory.append((round_no, [cluster.replica_rss_mib(n) for n in (1, 2)]))
            print(f"audience: round {round_no} done; replica RSS {memory[-1][1]}", flush=True)
    return tally, memory


def failover(users: int, seconds: float, think_s: float, log_dir: Path, timeout_s: float) -> tuple[Tally, float]:
    tally = Tally()
    marked_down: list[float] = []
    with Cluster(2, log_dir / "failover.log") as cluster:
        async def kill_later() -> None:
            await asyncio.sleep(seconds / 3)
            killed_at = time.monotonic()
            cluster.kill(1)
            while not cluster.statuses().get("replica1", "").startswith("DOWN"):
                await asyncio.sleep(0.1)
            marked_down.append(time.monotonic() - killed_at)

        plan = Plan(time.monotonic() + seconds, think_s, resume_from_url=True)
        asyncio.run(run_readers(cluster.url, users, plan, tally, 5.0, timeout_s, during=kill_later))
    return tally, marked_down[0] if marked_down else float("nan")


# --- report ---------------------------------------------------------------------------------------------------

def capacity(rows: list[tuple], replica_count: int) -> float:
    within = [rate for count, _, _, _, rate, p95 in rows if count == replica_count and p95 <= P95_TARGET_S]
    return max(within, default=0.0)


def report_saturation(rows: list[tuple]) -> str:
    lines = [("replicas", "readers", "interactions", "errors", "per second", "p95")]
    lines += [(str(r), str(n), str(done), str(errors), f"{rate:.1f}", ms(p95)) for r, n, done, errors, rate, p95 in rows]
    one, two = capacity(rows, 1), capacity(rows, 2)
    ratio = f"{two / one:.2f}x" if one else "-"
    return (format_grid("Saturation (no think time; capacity = best rate with p95 <= 500 ms)", lines)
            + f"\ncapacity: 1 replica {one:.1f}/s, 2 replicas {two:.1f}/s -> {ratio} (target >= 1.7x)")


def report_audience(tally: Tally, memory: list[tuple[int, list[float]]], users: int, seconds: float,
                    rounds: int, think_s: float) -> str:
    latencies = tally.latencies()
    downloads = tally.latencies(("download",))
    download_errors = [e for e in tally.errors if e[0] == "download"]
    lines = [("figure", "value"),
             ("readers x rounds x seconds", f"{users} x {rounds} x {seconds:.0f} s, think Exp(mean {think_s:.0f} s)"),
             ("interactions", str(len(latencies))),
             ("errors (target 0)", str(len(tally.errors))),
             ("p50 / p95 / p99", " / ".join(ms(percentile(latencies, q)) for q in (0.5, 0.95, 0.99)) if latencies else "-"),
             ("p95 target <= 300 ms", "met" if latencies and percentile(latencies, 0.95) <= 0.3 else "missed"),
             ("CSV + PNG downloads through HAProxy", f"{len(downloads)} readers ok, {len(download_errors)} failed"),
             ("download pair p50 / p95", " / ".join(ms(percentile(downloads, q)) for q in (0.5, 0.95)) if downloads else "-")]
    for round_no, rss in memory:
        lines.append((f"RSS after round {round_no}" if round_no else "RSS at start",
                      ", ".join(f"replica {n}: {mib(value)}" for n, value in enumerate(rss, start=1))))
    text = format_grid("Audience through HAProxy, 2 replicas", lines)
    if tally.errors:
        text += "\nerrors: " + "; ".join(f"{kind}: {message}" for kind, message in tally.errors[:6])
    return text


def report_failover(tally: Tally, marked_down_s: float, users: int) -> str:
    lines = [("figure", "value"),
             ("readers", str(users)),
             ("interactions that failed (each reader's first error on the dead replica)", str(len(tally.errors))),
             ("reconnect attempts that failed before one worked", str(len(tally.failed_reconnects))),
             ("readers that got their view back from the URL", str(len(tally.recoveries))),
             ("time to view back p50 / max", " / ".join(ms(v) for v in (percentile(tally.recoveries, 0.5),
                                                                         max(tally.recoveries))) if tally.recoveries else "-"),
             ("kill -> HAProxy marks the replica DOWN", ms(marked_down_s) + " (first failed connection; checks alone: <= 2 s)"),
             ("interactions after recovery, p95", ms(percentile(tally.latencies(), 0.95)) if tally.latencies() else "-")]
    text = format_grid("Failover: replica 1 killed a third of the way in", lines)
    if tally.errors:
        text += "\nerrors: " + "; ".join(f"{kind}: {message}" for kind, message in tally.errors[:4])
    if tally.failed_reconnects:
        text += "\nfailed reconnects: " + "; ".join(tally.failed_reconnects[:4])
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.balanced", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="per audience round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, s (exponential)")
    parser.add_argument("--saturation-seconds", type=float, default=15.0)
    parser.add_argument("--levels", default="1,2,4,8,16")
    parser.add_argument("--failover-users", type=int, default=20)
    parser.add_argument("--failover-seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="per interaction, s")
    parser.add_argument("--only", default="saturation,audience,failover")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = set(args.only.split(","))
    reports = []
    with tempfile.TemporaryDirectory(prefix="wbdash-balanced-") as tmp:
        log_dir = Path(tmp)
        if "saturation" in chosen:
            levels = [int(level) for level in args.levels.split(",")]
            rows = [row for count in (1, 2) for row in saturation(count, levels, args.saturation_seconds, log_dir,
                                                                  args.timeout)]
            reports.append(report_saturation(rows))
        if "audience" in chosen:
            tally, memory = audience(args.users, args.seconds, args.rounds, args.think, log_dir, args.timeout)
            reports.append(report_audience(tally, memory, args.users, args.seconds, args.rounds, args.think))
        if "failover" in chosen:
            tally, marked_down = failover(args.failover_users, args.failover_seconds, args.think, log_dir, args.timeout)
            reports.append(report_failover(tally, marked_down, args.failover_users))
    print("\n\n".join(["", *reports]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
