"""`python -m wbdash.replicas` started on free loopback ports, for the replica tests and the load test.

Gives the balancer's URL, each replica's process id and memory, HAProxy's view of each replica (its stats
socket), and a way to kill a replica as a crash would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.common import read_rss_mib
from wbdash import replicas

START_TIMEOUT_S = 150.0


def free_block(size: int) -> int:
    """A port P such that P..P+size-1 are all free on loopback."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size > 65000:
            continue
        bound: list[socket.socket] = []
        try:
            for offset in range(size):
                bound.append(socket.socket())
                bound[-1].bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for sock in bound:
                sock.close()
    raise RuntimeError("no block of free ports")


def wait_until(condition: Callable[[], bool], timeout_s: float, step_s: float = 0.1) -> float:
    """Seconds it took `condition` to hold; TimeoutError after `timeout_s`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"not within {timeout_s} s")
        time.sleep(step_s)
    return time.monotonic() - start


def http_get(url: str, cookie: str | None = None, timeout_s: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


class Cluster:
    """N replicas behind HAProxy on 127.0.0.1; a context manager that stops them all on exit."""

    def __init__(self, replica_count: int, log_path: Path):
        self.replica_count = replica_count
        self.port = free_block(replica_count + 1)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Cluster:
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wbdash.replicas", "--replicas", str(self.replica_count), "--port", str(self.port)],
            cwd=replicas.REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ})
        try:
            wait_until(lambda: "HAProxy on" in self.log() or self.process.poll() is not None, START_TIMEOUT_S, 0.3)
            if self.process.poll() is not None:
                raise RuntimeError(f"wbdash.replicas exited: {self.log()[-2000:]}")
            wait_until(self.healthy, 30, 0.3)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def healthy(self) -> bool:
        try:
            return http_get(self.url + replicas.HEALTH_PATH, timeout_s=5)[0] == 200
        except OSError:
            return False

    def replica_port(self, number: int) -> int:
        return self.port + number

    def replica_pid(self, number: int) -> int:
        port = str(self.replica_port(number)).encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                command = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(command) and port in command:
                return int(proc.name)
        raise LookupError(f"no replica on port {port.decode()}")

    def replica_rss_mib(self, number: int) -> float:
        return read_rss_mib(self.replica_pid(number))

    def kill(self, number: int) -> None:
        os.kill(self.replica_pid(number), signal.SIGKILL)

    def statuses(self) -> dict[str, str]:
        """Each replica's state as HAProxy's stats socket reports it: 'UP', 'DOWN', 'DOWN 1/2', ..."""
        configuration = re.search(r"configuration: (\S+)", self.log())
        assert configuration, "HAProxy's configuration path is not in the log"
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(str(Path(configuration.group(1)).with_name("haproxy.sock")))
            client.sendall(b"show stat\n")
            data = b""
            while chunk := client.recv(65536):
                data += chunk
        found = {}
        for line in data.decode().splitlines():
            fields = line.split(",")
            if len(fields) > 17 and fields[0] == "replicas" and fields[1].startswith("replica"):
                found[fields[1]] = fields[17]
        return found
