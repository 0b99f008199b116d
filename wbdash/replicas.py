"""Run N replicas of the dashboard behind HAProxy on one host, and stop them all together.

    python -m wbdash.replicas --replicas 2 --port 8501     # `python3 -m wbdash.bootstrap serve` runs this

Each replica is `streamlit run dashboard.py` on 127.0.0.1 and its own port (P+1, P+2, ...); HAProxy listens
on P with sticky sessions, websocket upgrade and health checks (the configuration is wbdash/haproxy.cfg).
All replicas share one cookie secret (STREAMLIT_SERVER_COOKIE_SECRET, generated once if unset) so that a
token issued by one is valid on another after a failover. A replica that dies is started again; Ctrl+C or
SIGTERM stops HAProxy and every replica.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_TEMPLATE = Path(__file__).with_name("haproxy.cfg")
COOKIE_SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0
# A replica that died is started again after this pause, so that one that crashes at start does not spin.
RESTART_DELAY_S = 5.0
CHECKED_FILES = ("data", "geo/boundaries.geojson")  # what every replica loads


def log(message: str) -> None:
    print(f"[serve] {message}", flush=True)


def data_checksum(root: Path = REPO_ROOT) -> str:
    """SHA-256 over the names and bytes of the data files every replica loads, so deployers can compare hosts."""
    digest = hashlib.sha256()
    for checked in CHECKED_FILES:
        path = root / checked
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def server_lines(ports: list[int]) -> str:
    return "\n".join(f"    server replica{number} 127.0.0.1:{port} check cookie replica{number}"
                     for number, port in enumerate(ports, start=1))


def render_config(bind: str, ports: list[int], stats_socket: Path, template: Path = CONFIG_TEMPLATE) -> str:
    return string.Template(template.read_text(encoding="utf-8")).substitute(
        bind=bind, servers=server_lines(ports), stats_socket=str(stats_socket))


def healthy(port: int, timeout_s: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Replica:
    number: int
    port: int
    process: subprocess.Popen | None = None
    restarts: int = 0
    died_at: float | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", "dashboard.py",
                "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
                "--logger.messageFormat", f"[replica{self.number}] %(asctime)s %(message)s"]


@dataclass
class Supervisor:
    replicas: list[Replica]
    bind: str
    workdir: Path
    env: dict[str, str]
    haproxy: subprocess.Popen | None = None
    stopping: bool = False
    config_path: Path = field(init=False)
    stats_socket: Path = field(init=False)

    def __post_init__(self) -> None:
        self.config_path = self.workdir / "haproxy.cfg"
        self.stats_socket = self.workdir / "haproxy.sock"

    def start_replica(self, replica: Replica) -> None:
        # Own process group: Ctrl+C reaches only the supervisor, which stops the children in order.
        replica.process = subprocess.Popen(replica.command(), cwd=REPO_ROOT, env=self.env, start_new_session=True)

    def wait_healthy(self, replica: Replica) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(replica.port):
            if self.stopping:
                raise RuntimeError("asked to stop while starting")
            if replica.process is not None and replica.process.poll() is not None:
                raise RuntimeError(f"replica {replica.number} exited with {replica.process.returncode} while starting")
            if time.monotonic() > deadline:
                raise RuntimeError(f"replica {replica.number} not healthy after {START_TIMEOUT_S:.0f} s")
            time.sleep(0.3)

    def start(self) -> None:
        log(f"data checksum sha256:{data_checksum()} (every replica loads these files)")
        for replica in self.replicas:
            self.start_replica(replica)
        for replica in self.replicas:
            self.wait_healthy(replica)
            log(f"replica {replica.number} healthy on 127.0.0.1:{replica.port}")
        self.config_path.write_text(render_config(self.bind, [r.port for r in self.replicas], self.stats_socket),
                                    encoding="utf-8")
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        subprocess.run([haproxy, "-c", "-q", "-f", str(self.config_path)], check=True)
        self.haproxy = subprocess.Popen([haproxy, "-db", "-f", str(self.config_path)], start_new_session=True)
        log(f"HAProxy on {self.bind} -> {len(self.replicas)} replicas; configuration: {self.config_path}")

    def watch(self, poll_s: float = 0.5) -> int:
        """Restart replicas that die; return when asked to stop or when HAProxy itself exits."""
        while not self.stopping:
            if self.haproxy is not None and self.haproxy.poll() is not None:
                log(f"HAProxy exited with {self.haproxy.returncode}")
                return 1
            for replica in self.replicas:
                if replica.process is None or replica.process.poll() is None or self.stopping:
                    continue
                if replica.died_at is None:
                    replica.died_at = time.monotonic()
                    log(f"replica {replica.number} exited with {replica.process.returncode}; "
                        f"starting it again in {RESTART_DELAY_S:.0f} s")
                elif time.monotonic() - replica.died_at >= RESTART_DELAY_S:
                    replica.restarts, replica.died_at = replica.restarts + 1, None
                    self.start_replica(replica)
            time.sleep(poll_s)
        return 0

    def stop(self) -> None:
        self.stopping = True
        processes = [p for p in [self.haproxy, *(r.process for r in self.replicas)] if p is not None]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log("stopped HAProxy and every replica")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m wbdash.replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="default: one per core")
    parser.add_argument("--port", type=int, default=8501, help="HAProxy's port (default 8501); replicas use the next ones")
    parser.add_argument("--address", default="127.0.0.1", help="HAProxy's address (default 127.0.0.1)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    env = {**os.environ}
    if not env.get(COOKIE_SECRET_VARIABLE):
        env[COOKIE_SECRET_VARIABLE] = secrets.token_urlsafe(32)  # shared by this host's replicas
    replicas = [Replica(number, args.port + number) for number in range(1, args.replicas + 1)]
    with tempfile.TemporaryDirectory(prefix="wbdash-serve-") as workdir:
        supervisor = Supervisor(replicas, f"{args.address}:{args.port}", Path(workdir), env)

        def ask_to_stop(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
            supervisor.stopping = True

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        status = 1
        try:
            supervisor.start()
            status = supervisor.watch()
        except (RuntimeError, subprocess.CalledProcessError) as error:
            log(f"could not serve: {error}")
        finally:
            supervisor.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
