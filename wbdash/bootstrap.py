"""Set up a virtual environment from the lock file, then start the app or run the tests.

Standard library only: this is what runs on a machine that has nothing but python3.

    python3 -m wbdash.bootstrap start   # install, then `streamlit run dashboard.py`
    python3 -m wbdash.bootstrap test    # install (Chromium, poppler too), ruff, the evidence check against ../shared/sources
                                        # (when present), the whole pytest suite, then the benchmarks
    python3 -m wbdash.bootstrap test -m "not browser"   # the fast tier: no browser, no benchmarks
    python3 -m wbdash.bootstrap bench   # install (Chromium, poppler too), then the benchmarks alone
    python3 -m wbdash.bootstrap serve --replicas N --port P   # install (HAProxy too), then N replicas behind
                                        # HAProxy on port P (defaults: one replica per core, 8501)

`test` with arguments (e.g. `test -k overview`) passes them to pytest and skips the benchmarks.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = Path(os.environ.get("WBDASH_VENV", REPO_ROOT / ".venv"))
LOCK_FILE = REPO_ROOT / "requirements.lock"
SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"  # the four source documents' text, beside the checkout
CHROMIUM = Path("/usr/bin/chromium")
PDFTOPPM = Path("/usr/bin/pdftoppm")
HAPROXY = Path("/usr/sbin/haproxy")
# Fewer repetitions than the benchmark's defaults, so that the figures print in CI in about 3 minutes.
TEST_BENCHMARK_ARGS = ["--runs", "5", "--payload-runs", "2", "--memory-passes", "2"]


def venv_python() -> Path:
    return VENV_DIR / "bin" / "python"


def ensure_environment() -> None:
    """Create the venv and install the lock file, skipping the install when the lock is unchanged."""
    if not venv_python().exists():
        print(f"[bootstrap] creating virtual environment in {VENV_DIR}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV_DIR)
    digest = hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()[:16]
    marker = VENV_DIR / f".installed-{digest}"
    if marker.exists():
        return
    print("[bootstrap] installing pinned dependencies from requirements.lock", flush=True)
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "-r", str(LOCK_FILE)], check=True)
    for old in VENV_DIR.glob(".installed-*"):
        old.unlink()
    marker.touch()


def missing_system_packages(command: str) -> list[str]:
    """Debian packages the command needs that this machine lacks.

    WeasyPrint (the PDF brief) loads Pango at run time; the browser tests drive Debian's Chromium (Playwright's own
    browser download does not work here) and the PDF tests render pages with poppler's pdftoppm and read pdffonts;
    `serve` and the replica tests run HAProxy.
    """
    needed = []
    if ctypes.util.find_library("pango-1.0") is None or ctypes.util.find_library("pangoft2-1.0") is None:
        needed += ["libpango-1.0-0", "libpangoft2-1.0-0"]
    if command in {"test", "bench"}:
        needed += [package for package, program in (("chromium", CHROMIUM), ("poppler-utils", PDFTOPPM))
                   if not program.exists()]
    if command in {"test", "bench", "serve"} and shutil.which("haproxy") is None and not HAPROXY.exists():
        needed.append("haproxy")
    return needed


def ensure_system_packages(command: str) -> None:
    needed = missing_system_packages(command)
    if not needed:
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        sys.exit(f"[bootstrap] this needs the Debian packages {' '.join(needed)}: "
                 f"run `apt-get install {' '.join(needed)}` as root, then retry.")
    print(f"[bootstrap] installing {' '.join(needed)} from Debian (apt-get)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, env=env)
    subprocess.run([apt, "install", "-y", "-qq", *needed], check=True, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test", "bench", "serve"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment()
    ensure_system_packages(command)
    os.chdir(REPO_ROOT)
    python = str(venv_python())
    status = run([python, "-m", "wbdash", "prepare-assets"])  # once, before serving: never on a reader's request
    if status != 0:
        return status
    if command == "start":
        return run([python, "-m", "streamlit", "run", "dashboard.py", *extra])
    if command == "serve":
        return run([python, "-m", "wbdash.replicas", *extra])
    benchmarks = [python, "-m", "tests.benchmarks.run"]
    if command == "bench":
        return run([*benchmarks, *extra])
    status = run([python, "-m", "ruff", "check", "."])
    if status != 0:
        return status
    if SHARED_SOURCES.is_dir():  # the source texts sit beside the checkout (CI); they are not copied into it
        status = run([python, "-m", "wbdash", "validate", "--sources", str(SHARED_SOURCES)])
        if status != 0:
            return status
    status = run([python, "-m", "pytest", *extra])
    if status != 0 or extra:
        return status
    return run([*benchmarks, *TEST_BENCHMARK_ARGS])


def run(args: list[str]) -> int:
    print(f"[bootstrap] {' '.join(args)}", flush=True)
    return subprocess.call(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
