"""Replicas behind HAProxy (wbdash/replicas.py): the configuration, then a real run on loopback.

The run starts `python -m wbdash.replicas --replicas 2` on free ports and checks what a deployer relies on:
sticky cookies, websockets through the balancer, a dead replica taken out of rotation within the health-check
interval and started again, its readers served by the other one, and a clean stop on SIGTERM.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.benchmarks.cluster import Cluster, http_get, wait_until
from tests.benchmarks.protocol import ProtocolSession
from wbdash import replicas

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def test_the_configuration_is_valid_haproxy_with_sticky_cookies_health_checks_and_websockets(tmp_path):
    text = replicas.render_config("127.0.0.1:8501", [8502, 8503], tmp_path / "stats.sock")
    assert "server replica1 127.0.0.1:8502 check cookie replica1" in text
    assert "server replica2 127.0.0.1:8503 check cookie replica2" in text
    assert "cookie WBDASH_REPLICA insert indirect nocache" in text
    assert "option httpchk GET /_stcore/health" in text and "timeout tunnel 1h" in text
    assert "option redispatch" in text
    config = tmp_path / "haproxy.cfg"
    config.write_text(text, encoding="utf-8")
    checked = subprocess.run([HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_data_checksum_follows_the_files(tmp_path):
    for name in replicas.CHECKED_FILES:
        source = replicas.REPO_ROOT / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    assert replicas.data_checksum(tmp_path) == replicas.data_checksum()
    countries = tmp_path / "data" / "countries.csv"
    countries.write_bytes(countries.read_bytes().replace(b"candidate", b"Candidate", 1))
    assert replicas.data_checksum(tmp_path) != replicas.data_checksum()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with Cluster(2, tmp_path_factory.mktemp("serve") / "serve.log") as cluster:
        yield cluster


def test_readers_get_a_sticky_replica_and_a_websocket_through_the_balancer(served):
    base = served.url
    assert f"data checksum sha256:{replicas.data_checksum()}" in served.log()
    seen = []
    for _ in range(2):
        status, headers, _ = http_get(base + "/")
        assert status == 200 and "WBDASH_REPLICA=" in headers["set-cookie"]
        seen.append(headers["x-wbdash-replica"])
    assert sorted(seen) == ["replica1", "replica2"]  # new readers are spread over both
    for _ in range(5):  # a reader with a cookie always reaches its replica
        assert http_get(base + "/", cookie="WBDASH_REPLICA=replica2")[1]["x-wbdash-replica"] == "replica2"

    async def one_run() -> str:
        session = ProtocolSession(base, timeout_s=60)
        await session.connect()
        try:
            result = await session.run()
        finally:
            await session.close()
        return result.exception or "ok"

    # In a thread of its own: after the browser tests, Playwright's sync API keeps an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, one_run()).result() == "ok"  # the script ran over a websocket via HAProxy


def test_a_dead_replica_leaves_the_rotation_its_readers_move_and_it_comes_back(served):
    assert served.statuses() == {"replica1": "UP", "replica2": "UP"}
    killed_at = time.monotonic()
    served.kill(1)
    wait_until(lambda: served.statuses().get("replica1", "").startswith("DOWN"), 5)
    assert time.monotonic() - killed_at < 3.5  # checks every 1 s, two failures: out within ~2 s
    status, headers, _ = http_get(served.url + "/", cookie="WBDASH_REPLICA=replica1")
    assert status == 200 and headers["x-wbdash-replica"] == "replica2"  # redispatched to the live one
    assert "WBDASH_REPLICA=replica2" in headers.get("set-cookie", "")  # and from now on sticks to it
    wait_until(lambda: served.statuses().get("replica1") == "UP", 90, 0.5)  # started again by the supervisor
    assert "replica 1 exited" in served.log()


def test_sigterm_stops_haproxy_and_every_replica(served):
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0
    assert "stopped HAProxy and every replica" in served.log()
    for offset in range(3):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", served.port + offset)) != 0  # nothing listens any more
