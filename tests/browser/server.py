"""Start the real app (`streamlit run dashboard.py`) on a free loopback port for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google hosts, which this
# machine's closed network refuses; they also keep the "zero external requests" check honest.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run <script>` on 127.0.0.1 and a free port; stopped on leaving the `with` block.

    The working directory is the repository root, so every script gets the project's
    .streamlit/config.toml. `options` adds `--section.option value` pairs.
    """

    def __init__(self, script: str = "dashboard.py", env: dict[str, str] | None = None,
                 options: dict[str, str] | None = None, log_path: Path | None = None):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log_path = log_path or REPO_ROOT / "tests" / "screenshots" / f"server-{self.port}.log"
        self.script = script
        self.env = {**os.environ, **(env or {})}
        self.options = options or {}
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "streamlit", "run", self.script,
                   "--server.port", str(self.port), "--server.address", "127.0.0.1",
                   "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        for name, value in self.options.items():
            command += [f"--{name}", value]
        return command

    def __enter__(self) -> AppServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(self.command(), cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                        env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the process this object started (by its own handle, nothing else)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
